namespace Streaming.Trainer.Retraining;

/// <summary>
/// What <see cref="IntentJoin"/> found: per sample its intents (null: none, the model's learned "no intent" input
/// stands in), the source used, and the records left out because another source made them or because the log does
/// not hold the click they were inferred at.
/// </summary>
public sealed record IntentJoinResult(
    IReadOnlyList<LoggedIntents?> PerSample,
    string? Source,
    int SamplesWithIntents,
    int OtherSourceRecords,
    int UnmatchedRecords)
{
    /// <summary>Share of the samples that have intents, 0..1.</summary>
    public double Share => PerSample.Count == 0 ? 0 : (double)SamplesWithIntents / PerSample.Count;
}
