namespace Streaming.Core.Datasets;

/// <summary>A user's items, oldest first (one line of a <c>user m1 m2 …</c> sequence file).</summary>
public sealed record UserSequence(string UserId, IReadOnlyList<string> Items);
