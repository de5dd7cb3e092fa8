namespace Streaming.Core.Datasets.PaperSplits;

/// <summary>One sample of a paper split: the clicked items in order and the next item (ids 1..N).</summary>
public sealed record PaperSample(int[] Items, int Target);
