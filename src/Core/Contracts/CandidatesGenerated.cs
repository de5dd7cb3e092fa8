namespace Streaming.Core.Contracts;

/// <summary>The candidate generator's top-K for one session version (topic <see cref="Topics.Candidates"/>).</summary>
public sealed record CandidatesGenerated(
    string SessionId,
    long SessionVersion,
    string ModelVersion,
    IReadOnlyList<ScoredItem> Candidates,
    DateTimeOffset ClickTime)
{
    public int V { get; init; } = 1;
}
