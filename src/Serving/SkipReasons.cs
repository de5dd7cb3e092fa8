namespace Streaming.Serving;

/// <summary>
/// Why a serving worker gave an event no answer; the <c>reason</c> tag of the workers' <c>skipped</c> counters, the same
/// words in Candidates and the Ranker.
/// </summary>
public static class SkipReasons
{
    /// <summary>A newer event of the same session in the poll batch is answered instead.</summary>
    public const string Coalesced = "coalesced";

    /// <summary>The live session is already newer than the event: the event of that newer version answers it.</summary>
    public const string Superseded = "superseded";

    /// <summary>The session's current version already has an answer: a re-delivery after a restart, or a stale event.</summary>
    public const string Answered = "answered";

    /// <summary>No model version is served (no registry, or an empty one).</summary>
    public const string NoModel = "no-model";

    /// <summary>The live session expired from Redis.</summary>
    public const string SessionMissing = "session-missing";

    /// <summary>None of the session's items is in the served model's catalog.</summary>
    public const string NoKnownItems = "no-known-items";
}
