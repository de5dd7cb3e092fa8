using Streaming.IntentWorker.Grounding;

namespace Streaming.IntentWorker;

/// <summary>
/// What one inference gave: grounded intents and their vectors, or no intents with the reason
/// (<see cref="NoIntentsReason"/> is then set and <see cref="Vectors"/> is null).
/// </summary>
public sealed record IntentOutcome(
    GroundedIntents? Intents,
    IntentVectors? Vectors,
    string? NoIntentsReason,
    bool CacheHit,
    TimeSpan ProviderLatency)
{
    public bool HasIntents => Vectors is not null;
}
