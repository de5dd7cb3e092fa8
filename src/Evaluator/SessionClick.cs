namespace Streaming.Evaluator;

/// <summary>The click that made version <paramref name="Version"/> of a session, and when Ingest applied it.</summary>
public sealed record SessionClick(string SessionId, long Version, string ItemId, DateTimeOffset AppliedAt);
