namespace Streaming.Evaluator;

/// <summary>One answer for one session version, as the evaluator scores it; <paramref name="IssuedAt"/> is when it was produced.</summary>
public sealed record Answer(string SessionId, long SessionVersion, string Kind, string ModelVersion, IReadOnlyList<string> Items, DateTimeOffset IssuedAt);
