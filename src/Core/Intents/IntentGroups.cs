namespace Streaming.Core.Intents;

/// <summary>Which intent groups a sample really had (the flags byte of an <see cref="IntentVectorFile"/> record).</summary>
[Flags]
public enum IntentGroups : byte
{
    None = 0,
    Explicit = 1,
    Latent = 2,
}
