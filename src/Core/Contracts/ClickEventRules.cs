namespace Streaming.Core.Contracts;

/// <summary>The validation rules of the public click schema, in one place for readers, docs and tests.</summary>
public static class ClickEventRules
{
    public const int CurrentVersion = 1;

    /// <summary>Longest session, item, event or user id accepted, in UTF-16 characters.</summary>
    public const int MaxIdLength = 128;

    /// <summary>Largest accepted message, in bytes; anything bigger is not a click.</summary>
    public const int MaxMessageBytes = 4096;

    /// <summary>Event times before this are rejected (epoch seconds mistaken for milliseconds land here).</summary>
    public static readonly DateTimeOffset MinTimestamp = new(1995, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Event times after this are rejected as garbage, not as clock skew.</summary>
    public static readonly DateTimeOffset MaxTimestamp = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
