namespace Streaming.Core.Catalog;

/// <summary>An item of the <see cref="ItemCatalog"/>: its dense index (1-based), external id and metadata.</summary>
public sealed record CatalogItem(int Index, string ExternalId, string? Title, IReadOnlyList<string> Categories, string? Brand);
