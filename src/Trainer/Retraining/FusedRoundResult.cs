namespace Streaming.Trainer.Retraining;

/// <summary>
/// The fused LLM-DMsRec model of a round: the share of training and holdout samples that had intents (0..1), the new
/// ranker's holdout metrics with the holdout's own intents and without any (percent), and the served ranker's with
/// the same intents (null when the served version has none, or when its intent encoder differs: then it is scored
/// without intents, its vectors never mixed with another encoder's), the intent source and encoder, and the
/// training time.
/// </summary>
public sealed record FusedRoundResult(
    double TrainIntentShare,
    double HoldoutIntentShare,
    IReadOnlyDictionary<string, double> Ranker,
    IReadOnlyDictionary<string, double> RankerWithoutIntents,
    IReadOnlyDictionary<string, double>? ServedRanker,
    string? IntentSource,
    string Encoder,
    TimeSpan TrainingTime);
