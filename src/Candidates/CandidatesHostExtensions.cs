using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streaming.Core.Contracts;
using Streaming.Messaging;
using Streaming.ServiceDefaults;
using Streaming.State;

namespace Streaming.Candidates;

public static class CandidatesHostExtensions
{
    /// <summary>The Candidates worker: consumes <c>session-updates</c>, runs the candidate generator, publishes <c>candidates</c>.</summary>
    public static IHostApplicationBuilder AddCandidates(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<CandidatesOptions>()
            .BindConfiguration(CandidatesOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddKafkaMessaging();
        builder.Services.AddRedisState();
        builder.Services.AddSingleton<CandidateModel>();
        // The first model loads at start-up; the worker is ready (health check tagged "ready") once it has.
        builder.Services.AddWarmUp<CandidateModel>("candidates-model");
        builder.Services.AddSingleton<CandidatesMetrics>();
        // The subscription shapes the hosted service, so it is read here rather than through IOptions.
        var group = builder.Configuration.GetSection(CandidatesOptions.Section)[nameof(CandidatesOptions.ConsumerGroup)] ?? new CandidatesOptions().ConsumerGroup;
        builder.Services.AddKafkaConsumer<SessionUpdated, SessionUpdatesBatchHandler>(
            new ConsumerSubscription(group, Topics.SessionUpdates), StreamingJsonContext.Default.SessionUpdated, u => u.SessionId);
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetSection(CandidatesOptions.Section)[nameof(CandidatesOptions.RegistryPath)]))
        {
            // New versions announced on `models` are swapped in without a restart.
            builder.Services.AddModelFollower<CandidateModel>(group + "-models");
        }

        return builder;
    }
}
