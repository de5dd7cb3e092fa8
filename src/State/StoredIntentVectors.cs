namespace Streaming.State;

/// <summary>
/// A session's intent vectors as the IntentWorker stored them: the session version they were inferred for, the explicit
/// and latent vectors (float32) and <see cref="Copied"/>, the group (<c>explicit</c>, <c>latent</c>, or empty) whose
/// vector is a copy of the other one because the LLM named no intent of that group.
/// </summary>
public sealed record StoredIntentVectors(long Version, float[] Explicit, float[] Latent, string Copied)
{
    /// <summary>The explicit group had intents of its own (its vector is not a copy).</summary>
    public bool HasOwnExplicit => !string.Equals(Copied, "explicit", StringComparison.Ordinal);

    /// <summary>The latent group had intents of its own (its vector is not a copy).</summary>
    public bool HasOwnLatent => !string.Equals(Copied, "latent", StringComparison.Ordinal);
}
