namespace Streaming.Trainer.Training;

/// <summary>
/// Where a sample of the temporal protocol comes from: the session (its user, which for the click log is the session
/// id), the prefix's version (the 1-based place of the prefix's last click in that session's history, which is the
/// live session's version once Ingest applied that click) and that click's event time.
/// </summary>
public sealed record SampleOrigin(string SessionId, long Version, DateTimeOffset? ClickTime);
