namespace Streaming.Trainer.Training;

/// <summary>One epoch: timings, mean training loss, and metrics in percent keyed "HR@K" / "MRR@K".</summary>
public sealed record EpochResult(
    int Epoch,
    double TrainSeconds,
    double EvalSeconds,
    double MeanLoss,
    double LearningRate,
    IReadOnlyDictionary<string, double> Test,
    IReadOnlyDictionary<string, double>? Validation);
