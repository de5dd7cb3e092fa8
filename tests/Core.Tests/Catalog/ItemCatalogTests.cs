using Streaming.Core.Catalog;

namespace Streaming.Core.Tests.Catalog;

public sealed class ItemCatalogTests
{
    [Fact]
    public void Integer_ids_sort_numerically_and_indices_start_at_one()
    {
        var catalog = ItemCatalog.Build(["10", "2", "33", "2", "1"]);
        Assert.Equal(4, catalog.Count);
        Assert.Equal(["1", "2", "10", "33"], catalog.Items.Select(i => i.ExternalId));
        Assert.Equal(1, catalog.IndexOf("1"));
        Assert.Equal(3, catalog.IndexOf("10"));
        Assert.Equal(ItemCatalog.PaddingIndex, catalog.IndexOf("999"));
        Assert.False(catalog.TryGetIndex("999", out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => catalog[0]);
    }

    [Fact]
    public void Other_ids_sort_ordinally_whatever_the_input_order()
    {
        var a = ItemCatalog.Build(["B0b", "7806397051", "B0a", "a1"]);
        var b = ItemCatalog.Build(["a1", "B0a", "7806397051", "B0b"]);
        Assert.Equal(["7806397051", "B0a", "B0b", "a1"], a.Items.Select(i => i.ExternalId));
        Assert.Equal(a.Items, b.Items);
    }

    [Fact]
    public void Save_and_load_round_trip_awkward_metadata()
    {
        var catalog = ItemCatalog.Build(
            ["x", "y", "z"],
            [
                new ItemMetadata("x", "Tab\there, new\nline, back\\slash \\p", ["A|B", "C\\D"], "Brand\t1"),
                new ItemMetadata("y", null, [], null),
                new ItemMetadata("unused", "ignored", [], null),
            ]);
        var writer = new StringWriter();
        catalog.Write(writer);

        var loaded = ItemCatalog.Read(new StringReader(writer.ToString()));

        Assert.Equal(3, loaded.Count);
        Assert.Equal("Tab\there, new\nline, back\\slash \\p", loaded[1].Title);
        Assert.Equal(["A|B", "C\\D"], loaded[1].Categories);
        Assert.Equal("Brand\t1", loaded[1].Brand);
        Assert.Null(loaded[2].Title);
        Assert.Empty(loaded[2].Categories);
        Assert.Equal(3, loaded.IndexOf("z"));
        Assert.Equal(4, writer.ToString().Count(c => c == '\n'));
    }

    [Fact]
    public void Save_and_load_through_a_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"catalog-{Guid.NewGuid():N}.tsv");
        try
        {
            ItemCatalog.Build(["a", "b"], [new ItemMetadata("b", "Bee", ["Insects"], null)]).Save(path);
            var loaded = ItemCatalog.Load(path);
            Assert.Equal("Bee", loaded[loaded.IndexOf("b")].Title);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("nope\n")]
    [InlineData("index\titem_id\ttitle\tbrand\tcategories\n2\ta\t\t\t\n")]
    [InlineData("index\titem_id\ttitle\tbrand\tcategories\n1\ta\t\t\n")]
    [InlineData("index\titem_id\ttitle\tbrand\tcategories\n1\ta\t\t\t\n2\ta\t\t\t\n")]
    public void Damaged_files_are_rejected(string text) =>
        Assert.Throws<InvalidDataException>(() => ItemCatalog.Read(new StringReader(text)));
}
