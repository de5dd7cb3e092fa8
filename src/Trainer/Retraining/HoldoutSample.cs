using Streaming.Trainer.Training;

namespace Streaming.Trainer.Retraining;

/// <summary>
/// One holdout prediction in external item ids: the clicks so far and the click that came next, and where the prefix
/// comes from (the session and version its intents are joined by).
/// </summary>
public sealed record HoldoutSample(IReadOnlyList<string> Prefix, string Target)
{
    public SampleOrigin? Origin { get; init; }
}
