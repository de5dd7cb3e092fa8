namespace Streaming.Core.Sessions;

/// <summary>A training or test sample: the clicks so far (dense item indices, oldest first) and the next item.</summary>
public sealed record PrefixSample(int[] Prefix, int Target);
