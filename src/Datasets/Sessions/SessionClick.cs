namespace Streaming.Core.Sessions;

/// <summary>
/// A click inside a <see cref="Session"/>. <see cref="Position"/> is its 0-based place in the user's
/// whole history, which stays the same however the history is cut into sessions.
/// </summary>
public sealed record SessionClick(string ItemId, DateTimeOffset? Time, int Position);
