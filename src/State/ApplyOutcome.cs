namespace Streaming.State;

/// <summary>What applying one click did: the session's version and window length after it.</summary>
public readonly record struct ApplyOutcome(ApplyStatus Status, long Version, int Length)
{
    public bool Applied => Status == ApplyStatus.Applied;
}
