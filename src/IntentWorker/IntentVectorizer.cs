using Streaming.Core.Catalog;
using Streaming.Serving.Embeddings;
using Streaming.IntentWorker.Grounding;

namespace Streaming.IntentWorker;

/// <summary>
/// Turns grounded intents into the two group vectors: each intent's vector is its title's cached vector (or, for a
/// title the cache lacks or free text, a fresh encoding), and a group's vector is the mean of its intents' vectors. An empty group
/// follows <see cref="GroundingOptions.EmptyGroup"/>: the paper copies the other group's vector.
/// </summary>
public sealed class IntentVectorizer(SentenceEncoder encoder, TitleVectorCache? titles, GroundingOptions options)
{
    public int Dimension => encoder.Dimension;

    /// <summary>The vectors, or null when both groups are empty (the session then gets no intents).</summary>
    public IntentVectors? Vectorize(GroundedIntents intents)
    {
        ArgumentNullException.ThrowIfNull(intents);
        if (intents.IsEmpty)
        {
            return null;
        }

        var explicitVector = Mean(intents.Explicit, []);
        var latentVector = Mean(intents.Latent, intents.FreeText);
        var copied = string.Empty;
        if (options.EmptyGroup == EmptyGroupRule.CopyOther)
        {
            if (intents.Explicit.Count == 0)
            {
                explicitVector = (float[])latentVector.Clone();
                copied = "explicit";
            }
            else if (intents.Latent.Count == 0 && intents.FreeText.Count == 0)
            {
                latentVector = (float[])explicitVector.Clone();
                copied = "latent";
            }
        }

        return new IntentVectors(explicitVector, latentVector, copied);
    }

    // Catalog titles are lookups; free text (and a title the cache lacks) is encoded afresh.
    private float[] Mean(IReadOnlyList<CatalogItem> items, IReadOnlyList<string> freeText) =>
        IntentGroupVector.Mean(encoder, titles, items, freeText);
}
