namespace Streaming.Core.Contracts;

/// <summary>
/// The Ranker's answer for one session version (topic <see cref="Topics.Recommendations"/>).
/// <paramref name="IntentsVersion"/> is null when the answer is structural only; a refined answer for the
/// same session version follows when intents arrive.
/// </summary>
public sealed record RecommendationsIssued(
    string SessionId,
    long SessionVersion,
    string ModelVersion,
    IReadOnlyList<ScoredItem> Items,
    long? IntentsVersion,
    DateTimeOffset ClickTime)
{
    public int V { get; init; } = 1;
}
