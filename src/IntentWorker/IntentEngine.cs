using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Core.Catalog;
using Streaming.Serving.Embeddings;
using Streaming.IntentWorker.Grounding;
using Streaming.IntentWorker.Providers;
using Streaming.ServiceDefaults;

namespace Streaming.IntentWorker;

/// <summary>
/// The process's one catalog, encoder, title-vector cache, provider and <see cref="IntentInference"/>, built at start-up
/// by a hosted service (<see cref="WarmUpAsync"/>; loading the model and encoding the catalog's titles takes seconds,
/// which must neither hold up the host's start nor the first batch's answer); the worker reports ready once it is built.
/// </summary>
public sealed partial class IntentEngine : IDisposable, IWarmUp
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
        ArgumentNullException.ThrowIfNull(llm);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(grounding);
        _built = new(() => Task.Run(() => Build(options.Value, llm.Value, encoder.Value, grounding.Value, cache, metrics, logger, time ?? TimeProvider.System)));
    }

    public bool IsWarm => _built.IsValueCreated && _built.Value.IsCompleted;

    public Task WarmUpAsync(CancellationToken cancellationToken) => _built.Value.WaitAsync(cancellationToken);

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
        var (encoder, inference) = IntentInferenceFactory.Create(catalog, options, llm, encoderOptions, grounding, cache, metrics, logger, time);

        // Title vectors may come from the cache without running the encoder: run it once, so free text is not the first.
        encoder.Encode("warm-up");
        return new Built(catalog, encoder, inference);
    }

    private sealed record Built(ItemCatalog Catalog, SentenceEncoder Encoder, IntentInference Inference);

    private static partial class Log
    {
        [LoggerMessage(EventId = 13, EventName = "NoCatalog", Level = LogLevel.Warning,
            Message = "IntentWorker:CatalogPath is not set: candidate sets are consumed and skipped (no-catalog) until a catalog is configured")]
        public static partial void NoCatalog(ILogger logger);
    }
}
