namespace Streaming.Core.Contracts;

/// <summary>
/// Ingest applied a click to a live session graph (topic <see cref="Topics.SessionUpdates"/>).
/// <paramref name="ClickTime"/> is the click's event time, carried so end-to-end latency is measurable.
/// <paramref name="ItemId"/> is the clicked item that made <paramref name="Version"/>; null when the update is
/// published again for a re-delivered click (the version may then belong to a later click), so live evaluation
/// can join an answer for version v with the click that made version v + 1.
/// </summary>
public sealed record SessionUpdated(string SessionId, long Version, DateTimeOffset ClickTime, int Length, string? ItemId = null)
{
    public int V { get; init; } = 1;
}
