namespace Streaming.Core.Intents;

/// <summary>
/// One sample's record of an <see cref="IntentVectorFile"/>: which groups really had intents and both vectors as
/// written (after the producer's empty-group rule, so an empty group may hold a copy of the other one; with
/// <see cref="IntentGroups.None"/> both are zero).
/// </summary>
public sealed record IntentVectorRecord(IntentGroups Groups, float[] Explicit, float[] Latent)
{
    public bool HasExplicit => Groups.HasFlag(IntentGroups.Explicit);

    public bool HasLatent => Groups.HasFlag(IntentGroups.Latent);
}
