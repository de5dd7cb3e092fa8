namespace Streaming.Trainer.Retraining;

/// <summary>How a retraining round ended.</summary>
public enum RoundOutcome
{
    /// <summary>The new model was published (and is then announced on <c>models</c>).</summary>
    Published,

    /// <summary>The gate kept the served model: the new one was worse on the holdout.</summary>
    Rejected,

    /// <summary>Not enough data for a split with training and holdout samples.</summary>
    Skipped,

    /// <summary>The round threw; logged, and retried after the next interval.</summary>
    Failed,
}
