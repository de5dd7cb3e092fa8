using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streaming.Core.Contracts;
using Streaming.Messaging;
using Streaming.ServiceDefaults;
using Streaming.State;

namespace Streaming.Ranker;

public static class RankerHostExtensions
{
    /// <summary>
    /// The Ranker worker: consumes <c>candidates</c> (the immediate answer) and <c>intents</c> (the refined one) in one
    /// loop, runs the fused ranker, publishes <c>recommendations</c>.
    /// </summary>
    public static IHostApplicationBuilder AddRanker(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RankerOptions>()
            .BindConfiguration(RankerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddKafkaMessaging();
        builder.Services.AddRedisState();
        builder.Services.AddSingleton<RankerModel>();
        // The first model loads at start-up; the worker is ready (health check tagged "ready") once it has.
        builder.Services.AddWarmUp<RankerModel>("ranker-model");
        builder.Services.AddSingleton<RankerMetrics>();
        // The subscription shapes the hosted service, so it is read here rather than through IOptions.
        var group = builder.Configuration.GetSection(RankerOptions.Section)[nameof(RankerOptions.ConsumerGroup)] ?? new RankerOptions().ConsumerGroup;
        // One loop over both topics: a session's list and its intents in one poll batch give one answer and one ONNX call.
        builder.Services.AddKafkaConsumer<RankerInput, RecommendationBatchHandler>(
            new ConsumerSubscription(group, Topics.Candidates, Topics.Intents), new RankerInputReader());
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetSection(RankerOptions.Section)[nameof(RankerOptions.RegistryPath)]))
        {
            // New versions announced on `models` are swapped in without a restart.
            builder.Services.AddModelFollower<RankerModel>(group + "-models");
        }
        return builder;
    }
}
