using Streaming.Core.Catalog;
using Streaming.Core.Datasets;
using Streaming.Core.Sessions;

namespace Streaming.Core.Tests.Sessions;

public sealed class ItemSupportFilterTests
{
    [Fact]
    public void Rare_items_are_dropped_and_sessions_encode_to_dense_indices()
    {
        List<Interaction> clicks =
        [
            new("u1", "10", null, 0), new("u1", "7", null, 1), new("u1", "3", null, 2),
            new("u2", "10", null, 0), new("u2", "3", null, 1), new("u3", "3", null, 0),
        ];

        var kept = ItemSupportFilter.Apply(clicks, minClicksPerItem: 2);

        Assert.Equal(["10", "3", "10", "3", "3"], kept.Select(i => i.ItemId));
        var catalog = ItemCatalog.Build(kept.Select(i => i.ItemId));
        var session = Sessionizer.Sessionize(kept, new SessionizerOptions())[0];
        Assert.Equal([2, 1], catalog.Encode(session.Clicks.Select(c => c.ItemId)));
        Assert.Equal([2, 0, 1], catalog.Encode(["10", "7", "3"], keepUnknownAsPadding: true));
        Assert.Equal([2, 1], catalog.Encode(["10", "7", "3"]));
        Assert.Same(clicks, ItemSupportFilter.Apply(clicks, 1));
    }
}
