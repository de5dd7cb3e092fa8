namespace Streaming.Core.Datasets;

/// <summary>The fields we use of one Amazon 2014 product (<c>meta_*.json</c>); categories flattened, first seen first.</summary>
public sealed record AmazonProduct(string Asin, string? Title, IReadOnlyList<string> Categories, string? Brand, double? Price);
