using Streaming.Core.Catalog;
using Streaming.Serving.Embeddings;
using Streaming.Trainer.Training;

namespace Streaming.Trainer.Retraining;

/// <summary>
/// Re-encodes logged intents into the vectors the IntentWorker stored for them: the same sentence encoder, the same
/// catalog and title-vector cache (<see cref="TitleVectorCache"/>, read from the same directory when one is set) and
/// the same group rule (<see cref="IntentGroupVector"/>). A title is the catalog item of that title, else free text.
/// A group without intents stays absent (the model's learned "no intent" input, as the Ranker feeds it by default).
/// </summary>
public sealed class IntentEncoding : IDisposable
{
    private readonly SentenceEncoder _encoder;
    private readonly TitleVectorCache _titles;
    private readonly Dictionary<string, CatalogItem> _byTitle = new(StringComparer.Ordinal);

    public IntentEncoding(ItemCatalog catalog, SentenceEncoder encoder, TitleVectorCache titles)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(titles);
        _encoder = encoder;
        _titles = titles;
        foreach (var item in catalog.Items)
        {
            if (!string.IsNullOrWhiteSpace(item.Title))
            {
                _byTitle.TryAdd(item.Title, item);
            }
        }
    }

    /// <summary>Names the encoder model (recorded in the manifest; vectors of another encoder are never mixed in).</summary>
    public string EncoderId => _encoder.ModelId;

    public int Dimension => _encoder.Dimension;

    /// <summary>The explicit and latent vector of every sample (null where it has no intents of that group).</summary>
    public IntentSet Vectorize(IReadOnlyList<LoggedIntents?> perSample)
    {
        ArgumentNullException.ThrowIfNull(perSample);
        var explicitVectors = new float[]?[perSample.Count];
        var latentVectors = new float[]?[perSample.Count];
        // Many samples share a record (every prefix after it until the next one): encode each record once.
        var done = new Dictionary<LoggedIntents, (float[]? Explicit, float[]? Latent)>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < perSample.Count; i++)
        {
            if (perSample[i] is not { } record)
            {
                continue;
            }

            if (!done.TryGetValue(record, out var vectors))
            {
                vectors = (Group(record.ExplicitTitles), Group(record.LatentTitles));
                done[record] = vectors;
            }

            (explicitVectors[i], latentVectors[i]) = vectors;
        }

        return new IntentSet(Dimension, explicitVectors, latentVectors);
    }

    public void Dispose() => _encoder.Dispose();

    private float[]? Group(IReadOnlyList<string> titles)
    {
        if (titles.Count == 0)
        {
            return null;
        }

        var items = new List<CatalogItem>(titles.Count);
        var freeText = new List<string>();
        foreach (var title in titles)
        {
            if (_byTitle.TryGetValue(title, out var item))
            {
                items.Add(item);
            }
            else
            {
                freeText.Add(title);
            }
        }

        return IntentGroupVector.Mean(_encoder, _titles, items, freeText);
    }
}
