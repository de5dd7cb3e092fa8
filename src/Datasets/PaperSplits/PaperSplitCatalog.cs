using Streaming.Core.Catalog;

namespace Streaming.Core.Datasets.PaperSplits;

/// <summary>
/// The catalog a model trained on a paper split is served with: index = the split's item id (what the model scores),
/// external id = the source id from <c>item_map.tsv</c> (the MovieID or ASIN that clicks and answers carry), with the
/// title and, when the source dataset's metadata is given (keyed by source id), its categories/genres and brand.
/// Without this mapping a click on MovieID 3072 would be read as the split's item 3072, another film.
/// </summary>
public static class PaperSplitCatalog
{
    public static ItemCatalog Build(IReadOnlyList<PaperItem> items, IReadOnlyDictionary<string, ItemMetadata>? sourceMetadata)
    {
        ArgumentNullException.ThrowIfNull(items);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].PaperId != i + 1)
            {
                throw new InvalidDataException($"The item map must list ids 1..{items.Count} in order; row {i + 1} has id {items[i].PaperId}.");
            }
        }

        return ItemCatalog.FromOrdered(items.Select(item =>
            sourceMetadata is not null && sourceMetadata.TryGetValue(item.SourceId, out var source)
                ? new ItemMetadata(item.SourceId, string.IsNullOrEmpty(item.Title) ? source.Title : item.Title, source.Categories, source.Brand)
                : new ItemMetadata(item.SourceId, item.Title, [], null)));
    }
}
