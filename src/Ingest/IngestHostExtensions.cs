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
        var group = builder.Configuration.GetSection(IngestOptions.Section)[nameof(IngestOptions.ConsumerGroup)] ?? new IngestOptions().ConsumerGroup;
        builder.Services.AddKafkaBatchConsumer<ClickBatchHandler>(new ConsumerSubscription(group, Topics.Clicks));
        return builder;
    }
}
