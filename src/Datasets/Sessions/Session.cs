namespace Streaming.Core.Sessions;

/// <summary>
/// A session: a user's consecutive clicks, oldest first. The id is the user id for the user's first
/// session and <c>user#k</c> for the k-th (k ≥ 2), so ids are stable as data grows.
/// </summary>
public sealed record Session(string Id, string UserId, IReadOnlyList<SessionClick> Clicks)
{
    public DateTimeOffset? StartTime => Clicks.Count == 0 ? null : Clicks[0].Time;

    public DateTimeOffset? EndTime => Clicks.Count == 0 ? null : Clicks[^1].Time;

    public int Length => Clicks.Count;
}
