namespace Streaming.Core.Contracts;

/// <summary>
/// Ingest applied a click to a live session graph (topic <see cref="Topics.SessionUpdates"/>).
/// <paramref name="ClickTime"/> is the click's event time, carried so end-to-end latency is measurable.
/// </summary>
public sealed record SessionUpdated(string SessionId, long Version, DateTimeOffset ClickTime, int Length)
{
    public int V { get; init; } = 1;
}
