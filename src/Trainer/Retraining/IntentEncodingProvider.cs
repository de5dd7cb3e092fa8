using Microsoft.Extensions.Options;
using Streaming.Core.Catalog;
using Streaming.Serving.Embeddings;

namespace Streaming.Trainer.Retraining;

/// <summary>
/// The process's one <see cref="IntentEncoding"/>, built on first use (the encoder loads a model and the catalog's
/// titles are encoded or read from the cache, which takes seconds): null when the fused model is not trained here
/// (<see cref="TrainerOptions.TrainFused"/> off, or no intent catalog).
/// </summary>
public sealed class IntentEncodingProvider(IOptions<TrainerOptions> options, IOptions<EncoderOptions> encoder) : IDisposable
{
    private readonly Lock _lock = new();
    private IntentEncoding? _encoding;

    public bool Enabled => options.Value.TrainFused && !string.IsNullOrWhiteSpace(options.Value.IntentCatalogPath);

    public IntentEncoding? Get(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return null;
        }

        lock (_lock)
        {
            if (_encoding is null)
            {
                var catalog = ItemCatalog.Load(options.Value.IntentCatalogPath!);
                var sentenceEncoder = SentenceEncoder.Create(encoder.Value);
                try
                {
                    var titles = TitleVectorCache.Build(catalog, sentenceEncoder, options.Value.TitleCacheDirectory, progress: null, cancellationToken);
                    _encoding = new IntentEncoding(catalog, sentenceEncoder, titles);
                }
                catch
                {
                    sentenceEncoder.Dispose();
                    throw;
                }
            }

            return _encoding;
        }
    }

    public void Dispose() => _encoding?.Dispose();
}
