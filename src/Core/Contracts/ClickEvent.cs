namespace Streaming.Core.Contracts;

/// <summary>
/// A validated click: the public event users produce to <see cref="Topics.Clicks"/>, keyed by session id.
/// Wire form (camelCase JSON): <c>{"sessionId", "itemId", "timestamp" (ISO-8601 or epoch ms), "eventId"?, "userId"?, "v"?}</c>.
/// Parse with <see cref="ClickEventReader"/>, which applies <see cref="ClickEventRules"/>.
/// </summary>
public sealed record ClickEvent(
    string SessionId,
    string ItemId,
    DateTimeOffset Timestamp,
    string? EventId = null,
    string? UserId = null)
{
    /// <summary>Schema version of the wire form.</summary>
    public int V { get; init; } = ClickEventRules.CurrentVersion;
}
