using Streaming.Core.Catalog;

namespace Streaming.IntentWorker.Grounding;

/// <summary>
/// An answer grounded in the candidate set: explicit intents name items already in the session, latent intents name
/// candidates outside it; <see cref="Dropped"/> intents named no candidate (hallucinations) and
/// <see cref="Duplicates"/> named one already taken. <see cref="FreeText"/> holds unmatched intents kept as latent
/// free text (only with <see cref="GroundingOptions.KeepFreeText"/>; they are then not counted as dropped).
/// </summary>
public sealed record GroundedIntents(IReadOnlyList<CatalogItem> Explicit, IReadOnlyList<CatalogItem> Latent, int Dropped, int Duplicates)
{
    public IReadOnlyList<string> FreeText { get; init; } = [];

    public bool IsEmpty => Explicit.Count == 0 && Latent.Count == 0 && FreeText.Count == 0;
}
