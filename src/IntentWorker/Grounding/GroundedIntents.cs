using Streaming.Core.Catalog;

namespace Streaming.IntentWorker.Grounding;

/// <summary>
/// An answer grounded in the candidate set: explicit intents name items already in the session, latent intents name
/// candidates outside it; <see cref="Dropped"/> intents named no candidate (hallucinations) and
/// <see cref="Duplicates"/> named one already taken.
/// </summary>
public sealed record GroundedIntents(IReadOnlyList<CatalogItem> Explicit, IReadOnlyList<CatalogItem> Latent, int Dropped, int Duplicates)
{
    public bool IsEmpty => Explicit.Count == 0 && Latent.Count == 0;
}
