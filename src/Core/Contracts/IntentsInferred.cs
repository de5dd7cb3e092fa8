namespace Streaming.Core.Contracts;

/// <summary>
/// Grounded intents for one session version (topic <see cref="Topics.Intents"/>); the vectors themselves are in Redis.
/// Explicit intents name items already in the session, latent ones name candidates outside it.
/// </summary>
public sealed record IntentsInferred(
    string SessionId,
    long SessionVersion,
    string Provider,
    string PromptVersion,
    IReadOnlyList<string> ExplicitTitles,
    IReadOnlyList<string> LatentTitles,
    int Dropped,
    double LatencyMs,
    DateTimeOffset ClickTime)
{
    public int V { get; init; } = 1;
}
