using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Streaming.Core.Contracts;
using Streaming.Serving.Embeddings;
using Streaming.IntentWorker.Grounding;
using Streaming.IntentWorker.Providers;
using Streaming.Messaging;
using Streaming.ServiceDefaults;
using Streaming.State;

namespace Streaming.IntentWorker;

public static class IntentWorkerHostExtensions
{
    /// <summary>
    /// The IntentWorker: consumes <c>candidates</c>, asks the configured provider for grounded intents, stores the
    /// explicit/latent vectors in Redis and publishes <c>intents</c>.
    /// </summary>
    public static IHostApplicationBuilder AddIntentWorker(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<IntentWorkerOptions>().BindConfiguration(IntentWorkerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<LlmOptions>().BindConfiguration(IntentWorkerOptions.Section + ":Llm").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<EncoderOptions>().BindConfiguration(IntentWorkerOptions.Section + ":Encoder").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<GroundingOptions>().BindConfiguration(IntentWorkerOptions.Section + ":Grounding").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddKafkaMessaging();
        builder.Services.AddRedisState();
        builder.Services.AddSingleton<IntentMetrics>();
        builder.Services.AddSingleton<IntentStore>();
        builder.Services.AddSingleton<IAnswerCache>(sp => sp.GetRequiredService<IntentStore>());
        builder.Services.AddSingleton<IntentEngine>();
        builder.Services.AddSingleton<FusedRankerWatch>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new AnswerDeadline(
            sp.GetRequiredService<IOptions<IntentWorkerOptions>>().Value.Deadline, sp.GetRequiredService<TimeProvider>()));

        // Catalog, encoder, title vectors and the registry are read at start-up; the worker is ready once they are.
        builder.Services.AddWarmUp<IntentEngine>("intents-engine");
        builder.Services.AddWarmUp<FusedRankerWatch>("intents-fused-ranker");
        var section = builder.Configuration.GetSection(IntentWorkerOptions.Section);
        var group = section[nameof(IntentWorkerOptions.ConsumerGroup)] ?? new IntentWorkerOptions().ConsumerGroup;
        builder.Services.AddKafkaConsumer<CandidatesGenerated, CandidatesBatchHandler>(
            new ConsumerSubscription(group, Topics.Candidates), StreamingJsonContext.Default.CandidatesGenerated, c => c.SessionId, CandidatesBatchHandler.Validate);
        if (!string.IsNullOrWhiteSpace(section[nameof(IntentWorkerOptions.RegistryPath)]))
        {
            // A fused version published later opens the gate without a restart.
            builder.Services.AddModelFollower<FusedRankerWatch>(group + "-models");
        }

        return builder;
    }
}
