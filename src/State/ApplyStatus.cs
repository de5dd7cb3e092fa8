namespace Streaming.State;

public enum ApplyStatus
{
    Applied = 0,

    /// <summary>This partition offset (or a later one) was already applied: a re-delivery.</summary>
    SeenOffset = 1,

    /// <summary>This event id was applied under another offset: a producer duplicate.</summary>
    SeenEventId = 2,
}
