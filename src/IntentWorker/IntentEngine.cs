using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Core.Catalog;
using Streaming.IntentWorker.Embeddings;
using Streaming.IntentWorker.Grounding;
using Streaming.IntentWorker.Prompting;
using Streaming.IntentWorker.Providers;

namespace Streaming.IntentWorker;

/// <summary>
/// The process's one catalog, encoder, title-vector cache, provider and <see cref="IntentInference"/>, built on first
/// use (loading the model and encoding the catalog's titles takes seconds, which must not hold up the host's start).
/// </summary>
public sealed partial class IntentEngine : IDisposable
{
    private readonly Lazy<Task<Built?>> _built;

    public IntentEngine(
        IOptions<IntentWorkerOptions> options,
        IOptions<LlmOptions> llm,
        IOptions<EncoderOptions> encoder,
        IOptions<GroundingOptions> grounding,
        IAnswerCache cache,
        IntentMetrics metrics,
        ILogger<IntentEngine> logger,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _built = new(() => Task.Run(() => Build(options.Value, llm.Value, encoder.Value, grounding.Value, cache, metrics, logger, time ?? TimeProvider.System)));
    }

    /// <summary>The catalog and inference, or null when no catalog is configured.</summary>
    public async Task<(ItemCatalog Catalog, IntentInference Inference)?> GetAsync(CancellationToken cancellationToken)
    {
        var built = await _built.Value.WaitAsync(cancellationToken);
        return built is null ? null : (built.Catalog, built.Inference);
    }

    public void Dispose()
    {
        if (_built.IsValueCreated && _built.Value.IsCompletedSuccessfully)
        {
            _built.Value.Result?.Encoder.Dispose();
        }
    }

    private static Built? Build(
        IntentWorkerOptions options,
        LlmOptions llm,
        EncoderOptions encoderOptions,
        GroundingOptions grounding,
        IAnswerCache cache,
        IntentMetrics metrics,
        ILogger logger,
        TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(options.CatalogPath))
        {
            Log.NoCatalog(logger);
            return null;
        }

        var catalog = ItemCatalog.Load(options.CatalogPath);
        var template = string.IsNullOrEmpty(options.PromptSystemPath)
            ? PromptTemplate.BuiltIn.GetValueOrDefault(options.PromptVersion)
                ?? throw new InvalidOperationException($"IntentWorker:PromptVersion '{options.PromptVersion}' is not built in; give PromptSystemPath and PromptUserPath")
            : PromptTemplate.Load(options.PromptVersion, options.PromptSystemPath, options.PromptUserPath!);
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
            var titles = TitleVectorCache.Build(catalog, encoder, options.TitleCacheDirectory, null, CancellationToken.None);
            Log.TitlesReady(logger, titles.Count, encoder.ModelId, encoder.Dimension);
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
            return new Built(catalog, encoder, inference);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    private sealed record Built(ItemCatalog Catalog, SentenceEncoder Encoder, IntentInference Inference);

    private static partial class Log
    {
        [LoggerMessage(EventId = 10, EventName = "HeuristicProvider", Level = LogLevel.Information,
            Message = "Intents come from the offline catalog heuristic {Heuristic} (not a language model), prompt {PromptVersion}")]
        public static partial void Heuristic(ILogger logger, string heuristic, string promptVersion);

        [LoggerMessage(EventId = 11, EventName = "LanguageModelProvider", Level = LogLevel.Information,
            Message = "Intents come from the language model {Model} via {Provider}, prompt {PromptVersion}")]
        public static partial void LanguageModel(ILogger logger, string provider, string model, string promptVersion);

        [LoggerMessage(EventId = 13, EventName = "NoCatalog", Level = LogLevel.Warning,
            Message = "IntentWorker:CatalogPath is not set: candidate sets are consumed and skipped (no-catalog) until a catalog is configured")]
        public static partial void NoCatalog(ILogger logger);

        [LoggerMessage(EventId = 12, EventName = "TitleVectorsReady", Level = LogLevel.Information,
            Message = "{Count} catalog title vectors ready ({Model}, {Dimension}-d)")]
        public static partial void TitlesReady(ILogger logger, int count, string model, int dimension);
    }
}
