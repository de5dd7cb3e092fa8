namespace Streaming.Trainer.Retraining;

/// <summary>
/// The refit a round ran after its gate passed: the samples and items it was fitted on (<see cref="ItemsAdded"/> of
/// them first clicked after the gated model's training period), the epochs of each model, and how long it took.
/// </summary>
public sealed record RefitSummary(int Samples, int Items, int ItemsAdded, int Epochs, int? FusedEpochs, TimeSpan Duration);
