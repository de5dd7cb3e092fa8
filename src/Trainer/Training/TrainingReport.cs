namespace Streaming.Trainer.Training;

/// <summary>
/// The outcome of a training run. <see cref="Best"/> is the paper's protocol (each metric's best over
/// the epochs, on test); <see cref="Selected"/> is the honest one (the epoch chosen on validation).
/// </summary>
public sealed record TrainingReport(
    string Dataset,
    string Model,
    IReadOnlyList<EpochResult> Epochs,
    IReadOnlyDictionary<string, double> Best,
    EpochResult? Selected,
    string SelectionMetric,
    long PeakRssBytes)
{
    /// <summary>The fused model's test metrics (percent) with no intents at all: its answer before the IntentWorker speaks; null for SR-GNN.</summary>
    public IReadOnlyDictionary<string, double>? WithoutIntents { get; init; }
}
