namespace Streaming.Trainer.Training;

/// <summary>A progress snapshot during training; <see cref="Batch"/> is 1-based.</summary>
public sealed record TrainingProgress(
    string Phase,
    int Epoch,
    int Epochs,
    int Batch,
    int Batches,
    double MeanLoss,
    double SamplesPerSecond,
    TimeSpan EpochEta);
