using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streaming.Core.Contracts;
using Streaming.Messaging;
using Streaming.Serving.Embeddings;

namespace Streaming.Trainer.Retraining;

public static class TrainerHostExtensions
{
    /// <summary>
    /// The streaming Trainer: follows <c>clicks</c> and <c>intents</c> from the earliest retained offsets, retrains SR-GNN periodically,
    /// publishes versions that pass the holdout gate to the registry and announces them on <c>models</c>.
    /// </summary>
    public static IHostApplicationBuilder AddTrainer(this IHostApplicationBuilder builder)
    {
        builder.AddTrainerRounds();
        builder.Services.AddSingleton<RetrainingService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetrainingService>());
        // The log lives in memory, so every process reads the topic from the start: a consumer group of its own,
        // new per process, never resumes from an earlier process's offsets. Read here: it shapes the hosted service.
        var group = builder.Configuration.GetSection(TrainerOptions.Section)[nameof(TrainerOptions.ConsumerGroup)] ?? new TrainerOptions().ConsumerGroup;
        var process = Guid.NewGuid().ToString("N");
        builder.Services.AddKafkaBatchConsumer<ClicksBatchHandler>(new ConsumerSubscription($"{group}-{process}", Topics.Clicks));
        builder.Services.AddKafkaBatchConsumer<IntentsBatchHandler>(new ConsumerSubscription($"{group}-intents-{process}", Topics.Intents));
        return builder;
    }

    /// <summary>
    /// What a round needs, without the consume loops and the schedule: the logs and their batch handlers, the round, the
    /// intent encoding and the announcer. <see cref="AddTrainer"/> adds the rest; <see cref="TopicRound"/> uses this alone.
    /// </summary>
    public static IHostApplicationBuilder AddTrainerRounds(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TrainerOptions>()
            .BindConfiguration(TrainerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // The fused model's intents are re-encoded exactly as the IntentWorker encodes them: its encoder settings, and its
        // catalog and title cache unless the Trainer names its own.
        builder.Services.AddOptions<EncoderOptions>().BindConfiguration("IntentWorker:Encoder").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.PostConfigure<TrainerOptions>(options =>
        {
            options.IntentCatalogPath ??= builder.Configuration["IntentWorker:CatalogPath"];
            options.TitleCacheDirectory ??= builder.Configuration["IntentWorker:TitleCacheDirectory"];
        });
        builder.Services.AddSingleton<IntentEncodingProvider>();
        builder.Services.AddKafkaMessaging();
        builder.Services.AddSingleton<TrainerMetrics>();
        builder.Services.AddSingleton<ClickLog>();
        builder.Services.AddSingleton<IntentLog>();
        builder.Services.AddSingleton<RetrainingRound>();
        builder.Services.AddSingleton<ModelAnnouncer>();
        builder.Services.AddSingleton<ClicksBatchHandler>();
        builder.Services.AddSingleton<IntentsBatchHandler>();
        builder.Services.AddSingleton<TopicRound>();
        return builder;
    }
}
