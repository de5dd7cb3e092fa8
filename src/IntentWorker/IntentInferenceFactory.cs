using Microsoft.Extensions.Logging;
using Streaming.Core.Catalog;
using Streaming.Serving.Embeddings;
using Streaming.IntentWorker.Grounding;
using Streaming.IntentWorker.Prompting;
using Streaming.IntentWorker.Providers;

namespace Streaming.IntentWorker;

/// <summary>Builds an <see cref="IntentInference"/> from settings: the one construction the live worker and the batch path share.</summary>
public static partial class IntentInferenceFactory
{
    /// <summary>The prompt template a worker's settings name: a built-in version, or one read from two files.</summary>
    public static PromptTemplate Template(IntentWorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrEmpty(options.PromptSystemPath)
            ? PromptTemplate.BuiltIn.GetValueOrDefault(options.PromptVersion)
                ?? throw new InvalidOperationException($"IntentWorker:PromptVersion '{options.PromptVersion}' is not built in; give PromptSystemPath and PromptUserPath")
            : PromptTemplate.Load(options.PromptVersion, options.PromptSystemPath, options.PromptUserPath!);
    }

    /// <summary>
    /// The encoder (the caller disposes it) and the inference over <paramref name="catalog"/>, with every catalog
    /// title's vector encoded (or loaded from <see cref="IntentWorkerOptions.TitleCacheDirectory"/>) first.
    /// </summary>
    public static (SentenceEncoder Encoder, IntentInference Inference) Create(
        ItemCatalog catalog,
        IntentWorkerOptions options,
        LlmOptions llm,
        EncoderOptions encoderOptions,
        GroundingOptions grounding,
        IAnswerCache? cache,
        IntentMetrics metrics,
        ILogger logger,
        TimeProvider time,
        IProgress<int>? titleProgress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(llm);
        var template = Template(options);
        var provider = LlmClientFactory.Create(options.Provider, llm);
        if (provider.IsLanguageModel)
        {
            Log.LanguageModel(logger, provider.Name, provider.Model, template.Version);
        }
        else
        {
            Log.Heuristic(logger, provider.Model, template.Version);
        }

        var encoder = SentenceEncoder.Create(encoderOptions);
        try
        {
            var titles = TitleVectorCache.Build(catalog, encoder, options.TitleCacheDirectory, titleProgress, CancellationToken.None);
            Log.TitlesReady(logger, titles.Count, encoder.ModelId, encoder.Dimension, encoder.ExecutionProvider);
            var inference = new IntentInference(
                provider,
                template,
                new IntentGrounder(grounding),
                new IntentVectorizer(encoder, titles, grounding),
                cache,
                new RequestAllowance(options.MaxRequestsPerMinute, options.DailyBudget, time),
                new CircuitBreaker(llm.BreakerFailures, llm.BreakerDuration, time),
                metrics,
                logger);
            return (encoder, inference);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 10, EventName = "HeuristicProvider", Level = LogLevel.Information,
            Message = "Intents come from the offline catalog heuristic {Heuristic} (not a language model), prompt {PromptVersion}")]
        public static partial void Heuristic(ILogger logger, string heuristic, string promptVersion);

        [LoggerMessage(EventId = 11, EventName = "LanguageModelProvider", Level = LogLevel.Information,
            Message = "Intents come from the language model {Model} via {Provider}, prompt {PromptVersion}")]
        public static partial void LanguageModel(ILogger logger, string provider, string model, string promptVersion);

        [LoggerMessage(EventId = 12, EventName = "TitleVectorsReady", Level = LogLevel.Information,
            Message = "{Count} catalog title vectors ready ({Model}, {Dimension}-d, ONNX Runtime provider {ExecutionProvider})")]
        public static partial void TitlesReady(ILogger logger, int count, string model, int dimension, string executionProvider);
    }
}
