namespace Streaming.Core.Contracts;

/// <summary>A new model version in the registry (topic <see cref="Topics.Models"/>, keyed by model name).</summary>
public sealed record ModelPublished(string Name, string Version, string Location, string ContentHash, DateTimeOffset PublishedAt)
{
    public int V { get; init; } = 1;
}
