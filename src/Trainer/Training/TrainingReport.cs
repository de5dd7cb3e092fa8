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
    long PeakRssBytes);
