namespace Streaming.Core.Sessions;

/// <summary>How a user's click history is cut into sessions.</summary>
public enum SessionBoundary
{
    /// <summary>The user's whole history is one session (the usual Beauty / ML-1M protocol).</summary>
    PerUser,

    /// <summary>A new session after a pause longer than the gap (needs timestamps).</summary>
    InactivityGap,

    /// <summary>Consecutive fixed-length windows of the user's history (for sources without timestamps).</summary>
    FixedWindow,
}
