namespace Streaming.Core.Datasets;

/// <summary>One row of <c>beauty_items.csv</c>; categories come pipe-separated in the file.</summary>
public sealed record BeautyItem(int ItemIdx, string ItemId, string Title, string Brand, IReadOnlyList<string> Categories);
