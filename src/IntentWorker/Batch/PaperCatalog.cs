using System.Globalization;
using Streaming.Core.Catalog;
using Streaming.Core.Datasets.PaperSplits;

namespace Streaming.IntentWorker.Batch;

/// <summary>
/// The catalog the batch path prompts with: external id = the paper id as decimal text, title from the split's item
/// map, and, when the source dataset's metadata is at hand, its categories/genres and brand (keyed by the item map's
/// source id: the ASIN or MovieID), which the offline catalog heuristic needs to find related candidates.
/// </summary>
public static class PaperCatalog
{
    public static ItemCatalog Build(IReadOnlyList<PaperItem> items, IReadOnlyDictionary<string, ItemMetadata>? sourceMetadata)
    {
        ArgumentNullException.ThrowIfNull(items);
        var metadata = items.Select(item =>
        {
            var external = item.PaperId.ToString(CultureInfo.InvariantCulture);
            return sourceMetadata is not null && sourceMetadata.TryGetValue(item.SourceId, out var source)
                ? new ItemMetadata(external, item.Title, source.Categories, source.Brand)
                : new ItemMetadata(external, item.Title, [], null);
        }).ToList();
        return ItemCatalog.Build(metadata.Select(m => m.ExternalId), metadata);
    }
}
