using Streaming.Core.Live;

namespace Streaming.State;

/// <summary>
/// A live session as stored: the graph, and <see cref="AnsweredVersion"/>, the newest session version the
/// Candidates worker has published a list for (0: none yet), kept in the same value so one read gives both.
/// </summary>
public sealed record StoredLiveSession(LiveSession Session, long AnsweredVersion)
{
    /// <summary>The session's current version already has a candidate list (a re-delivered or stale update).</summary>
    public bool IsAnswered => Session.Version <= AnsweredVersion;
}
