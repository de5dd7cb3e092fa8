using Streaming.Core.Catalog;

namespace Streaming.Serving.Embeddings;

/// <summary>
/// One intent group's vector, the way the IntentWorker stores it and the Trainer re-encodes it from the log: the mean
/// of the group's intents' vectors, where a catalog item's vector is its title's cached vector and free text (or a
/// title the cache lacks) is encoded afresh. One implementation, so training and serving see identical vectors.
/// </summary>
public static class IntentGroupVector
{
    public static float[] Mean(SentenceEncoder encoder, TitleVectorCache? titles, IReadOnlyList<CatalogItem> items, IReadOnlyList<string> freeText)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(freeText);
        var vectors = new List<ReadOnlyMemory<float>>(items.Count + freeText.Count);
        List<string>? missing = freeText.Count > 0 ? [.. freeText] : null;
        foreach (var item in items)
        {
            if (titles is not null && titles.TryGet(item.ExternalId, out var cached))
            {
                vectors.Add(cached);
            }
            else
            {
                (missing ??= []).Add(item.Title ?? item.ExternalId);
            }
        }

        if (missing is not null)
        {
            vectors.AddRange(encoder.Encode(missing).Select(v => (ReadOnlyMemory<float>)v));
        }

        return VectorMath.Mean(vectors, encoder.Dimension);
    }
}
