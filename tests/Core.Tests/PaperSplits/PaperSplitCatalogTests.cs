using Streaming.Core.Catalog;
using Streaming.Core.Datasets.PaperSplits;

namespace Streaming.Core.Tests.PaperSplits;

public sealed class PaperSplitCatalogTests
{
    [Fact]
    public void Serves_the_source_ids_at_the_splits_indices_with_the_sources_metadata()
    {
        // Split ids run 1..N in the paper's order, which is not the source ids' order.
        PaperItem[] items = [new(1, "3072", "Moonstruck (1987)"), new(2, "17", "Sense and Sensibility (1995)"), new(3, "999", "")];
        var metadata = new Dictionary<string, ItemMetadata>
        {
            ["3072"] = new("3072", "Moonstruck (1987)", ["Comedy", "Romance"], null),
            ["999"] = new("999", "From the metadata", ["Drama"], "Studio"),
        };

        var catalog = PaperSplitCatalog.Build(items, metadata);

        Assert.Equal(["3072", "17", "999"], catalog.Items.Select(i => i.ExternalId));
        Assert.Equal(1, catalog.IndexOf("3072"));
        Assert.Equal(ItemCatalog.PaddingIndex, catalog.IndexOf("3"));
        Assert.Equal(["Comedy", "Romance"], catalog[1].Categories);
        Assert.Empty(catalog[2].Categories);
        Assert.Equal("From the metadata", catalog[3].Title);
        Assert.Equal("Studio", catalog[3].Brand);
    }

    [Fact]
    public void Rejects_an_item_map_whose_ids_are_not_1_to_N_in_order()
    {
        Assert.Throws<InvalidDataException>(() => PaperSplitCatalog.Build([new(2, "a", "A"), new(1, "b", "B")], null));
    }
}
