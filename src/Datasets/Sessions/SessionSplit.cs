namespace Streaming.Core.Sessions;

/// <summary>
/// A time-based split: every training session ended before <see cref="ValidationStart"/>, every
/// validation session ended before <see cref="TestStart"/>, every test session at or after it.
/// </summary>
public sealed record SessionSplit(
    IReadOnlyList<Session> Train,
    IReadOnlyList<Session> Validation,
    IReadOnlyList<Session> Test,
    DateTimeOffset ValidationStart,
    DateTimeOffset TestStart);
