namespace Streaming.Trainer.Training;

/// <summary>A batch's samples as indices into the original train or test list, in batch order.</summary>
public sealed record SampleBatch(SampleSet Set, int[] Indices);
