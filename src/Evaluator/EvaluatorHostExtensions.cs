using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Streaming.Core.Contracts;
using Streaming.Evaluator.Dashboard;
using Streaming.Messaging;
using Streaming.ServiceDefaults;

namespace Streaming.Evaluator;

public static class EvaluatorHostExtensions
{
    /// <summary>
    /// The evaluator worker: one consume loop over <c>clicks</c>, <c>session-updates</c>, <c>candidates</c>,
    /// <c>intents</c> and <c>recommendations</c> scoring every answer against the session's next click, its metrics
    /// (meter <c>Streaming.Evaluator</c>), and the dashboard (<c>Evaluator:Dashboard</c>).
    /// </summary>
    public static IHostApplicationBuilder AddEvaluator(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<EvaluatorOptions>()
            .BindConfiguration(EvaluatorOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddKafkaMessaging();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<EvaluatorOptions>>().Value;
            return new PrequentialEvaluator(settings.SessionTtl, settings.Window, sp.GetRequiredService<TimeProvider>());
        });
        builder.Services.AddSingleton<StageTraffic>();
        builder.Services.AddSingleton<RecentSessions>();
        builder.Services.AddSingleton<EvaluatorMetrics>();
        var section = builder.Configuration.GetSection(EvaluatorOptions.Section);
        // The subscription shapes the hosted service, so it is read here rather than through IOptions.
        var group = section[nameof(EvaluatorOptions.ConsumerGroup)] ?? new EvaluatorOptions().ConsumerGroup;
        builder.Services.AddKafkaBatchConsumer<EvaluationBatchHandler>(
            new ConsumerSubscription(group, Topics.Clicks, Topics.SessionUpdates, Topics.Candidates, Topics.Intents, Topics.Recommendations));

        builder.Services.AddTelemetryReader();
        builder.Services.AddSingleton<ItemTitles>();
        builder.Services.AddSingleton(_ =>
        {
            var history = new DashboardHistory();
            DashboardSampler.Declare(history);
            return history;
        });
        if (!bool.TryParse(section[nameof(EvaluatorOptions.Dashboard)], out var dashboard) || dashboard)
        {
            builder.Services.AddSingleton<DashboardServer>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<DashboardServer>());
            builder.Services.AddHostedService<DashboardSampler>();
        }

        return builder;
    }
}
