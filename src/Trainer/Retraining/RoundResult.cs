using Streaming.Core.Models;

namespace Streaming.Trainer.Retraining;

/// <summary>
/// What one retraining round did: its outcome and reason, the data it saw, the new model's holdout metrics
/// (<see cref="Candidate"/>, percent) and, when a version was served, that version's on the same holdout
/// (<see cref="Served"/>), and the version published, if any.
/// </summary>
public sealed record RoundResult(
    int Round,
    RoundOutcome Outcome,
    string Reason,
    int Clicks,
    int Sessions,
    int TrainSamples,
    int HoldoutSamples,
    IReadOnlyDictionary<string, double>? Candidate,
    string? ServedVersion,
    IReadOnlyDictionary<string, double>? Served,
    ModelVersion? Published,
    TimeSpan Duration)
{
    /// <summary>The fused model's part of the round, when one was trained (null: SR-GNN only).</summary>
    public FusedRoundResult? Fused { get; init; }

    /// <summary>The refit on every session after the gate, when one ran (<see cref="TrainerOptions.Refit"/>).</summary>
    public RefitSummary? Refit { get; init; }
}
