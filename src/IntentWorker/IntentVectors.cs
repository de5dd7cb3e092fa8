namespace Streaming.IntentWorker;

/// <summary>
/// One session's two intent vectors (float32, the encoder's dimension). <see cref="Copied"/> names the group whose
/// vector was copied from the other because it had no intents (<c>explicit</c>, <c>latent</c> or empty).
/// </summary>
public sealed record IntentVectors(float[] Explicit, float[] Latent, string Copied);
