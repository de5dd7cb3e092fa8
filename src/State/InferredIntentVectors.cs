namespace Streaming.State;

/// <summary>
/// What the IntentWorker stores for a session version: the explicit and latent vectors (float32, the encoder's
/// dimension), <see cref="Copied"/> (the group whose vector is a copy of the other's, or empty), who inferred them,
/// and the inputs they came from (the candidate ids and the session's items), kept to skip immaterial changes.
/// </summary>
public sealed record InferredIntentVectors(
    long SessionVersion,
    float[] Explicit,
    float[] Latent,
    string Copied,
    string Provider,
    string PromptVersion,
    IReadOnlyList<string> CandidateIds,
    IReadOnlyList<string> ItemIds);
