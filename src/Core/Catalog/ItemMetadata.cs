namespace Streaming.Core.Catalog;

/// <summary>What a dataset says about an item, before it has a dense index.</summary>
public sealed record ItemMetadata(string ExternalId, string? Title, IReadOnlyList<string> Categories, string? Brand);
