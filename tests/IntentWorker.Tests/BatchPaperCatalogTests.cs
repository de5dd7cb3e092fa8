using Streaming.Core.Catalog;
using Streaming.Core.Datasets.PaperSplits;
using Streaming.IntentWorker.Batch;

namespace Streaming.IntentWorker.Tests;

/// <summary>The batch path's catalog: paper ids as external ids, item-map titles, source metadata joined by source id.</summary>
public sealed class BatchPaperCatalogTests
{
    [Fact]
    public void Joins_source_metadata_by_source_id_and_keeps_titles_only_where_none_matches()
    {
        PaperItem[] items = [new(1, "M10", "Space Trip (1990)"), new(2, "M20", "Quiet Harbour (1985)"), new(3, "M30", "Lost Reel (1970)")];
        var metadata = new Dictionary<string, ItemMetadata>(StringComparer.Ordinal)
        {
            ["M10"] = new("M10", "ignored title", ["Sci-Fi", "Adventure"], null),
            ["M20"] = new("M20", "ignored title", ["Drama"], "Studio B"),
        };

        var catalog = PaperCatalog.Build(items, metadata);
        var first = catalog[catalog.IndexOf("1")];
        var second = catalog[catalog.IndexOf("2")];
        var third = catalog[catalog.IndexOf("3")];

        Assert.Equal(3, catalog.Count);
        Assert.Equal("Space Trip (1990)", first.Title);
        Assert.Equal(["Sci-Fi", "Adventure"], first.Categories);
        Assert.Equal("Studio B", second.Brand);
        Assert.Empty(third.Categories);
        Assert.Equal("Lost Reel (1970)", third.Title);
        Assert.Equal(ItemCatalog.PaddingIndex, catalog.IndexOf("M10"));
    }

    [Fact]
    public void Without_metadata_every_item_has_its_title_and_no_categories()
    {
        var catalog = PaperCatalog.Build([new(7, "B0X", "Day Cream"), new(8, "B0Y", "Night Cream")], null);

        Assert.All(catalog.Items, item => Assert.Empty(item.Categories));
        Assert.Equal("Night Cream", catalog[catalog.IndexOf("8")].Title);
    }
}
