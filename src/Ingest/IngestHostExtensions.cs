using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streaming.Core.Contracts;
using Streaming.Messaging;
using Streaming.State;

namespace Streaming.Ingest;

public static class IngestHostExtensions
{
    /// <summary>The Ingest worker: consumes <c>clicks</c>, keeps live session graphs in Redis, publishes <c>session-updates</c>.</summary>
    public static IHostApplicationBuilder AddIngest(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<IngestOptions>()
            .BindConfiguration(IngestOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddKafkaMessaging();
        builder.Services.AddRedisState();
        builder.Services.AddSingleton<IngestMetrics>();
        builder.Services.AddSingleton<ClickApplier>();
        // The subscription shapes the hosted services, so it is read here rather than through IOptions.
        var settings = builder.Configuration.GetSection(IngestOptions.Section).Get<IngestOptions>() ?? new IngestOptions();
        var subscription = new ConsumerSubscription(settings.ConsumerGroup, Topics.Clicks);
        for (var i = 0; i < Math.Clamp(settings.Consumers, 1, 16); i++)
        {
            builder.Services.AddKafkaConsumer<ClickEvent, ClickBatchHandler>(subscription, new ClickMessageReader());
        }
        return builder;
    }
}
