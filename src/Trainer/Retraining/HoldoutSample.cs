namespace Streaming.Trainer.Retraining;

/// <summary>One holdout prediction in external item ids: the clicks so far and the click that came next.</summary>
public sealed record HoldoutSample(IReadOnlyList<string> Prefix, string Target);
