using Streaming.Core.Datasets;

namespace Streaming.Core.Tests.Datasets;

public sealed class ClickCsvReaderTests
{
    [Fact]
    public void Reads_all_timestamp_forms_titles_and_categories()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("clicks.csv",
            "session_id,item_id,timestamp,title,categories\n" +
            "s1,i1,1700000000,\"Shoe, red\",Shoes|Red\n" +
            "s1,i2,1700000000500,,\n" +
            "s2,i1,2023-11-14T22:13:21Z,,\n" +
            "s2,,1700000000,,\n" +
            "s3,i3,yesterday,,\n" +
            "s4,i4,1990-01-01T00:00:00Z,,\n" +
            $"s5,{new string('i', 200)},1700000000,,\n");
        var log = new MalformedLineLog();

        var clicks = ClickCsvReader.Read(path, log).ToList();

        Assert.Equal(3, clicks.Count);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), clicks[0].Timestamp);
        Assert.Equal("Shoe, red", clicks[0].Title);
        Assert.Equal(["Shoes", "Red"], clicks[0].Categories);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000500), clicks[1].Timestamp);
        Assert.Null(clicks[1].Title);
        Assert.Equal(new DateTimeOffset(2023, 11, 14, 22, 13, 21, TimeSpan.Zero), clicks[2].Timestamp);
        Assert.Equal([5L, 6L, 7L, 8L], log.First.Select(m => m.LineNumber));
    }

    [Fact]
    public void Header_is_optional_and_may_reorder_columns()
    {
        using var dir = new TempDirectory();
        var bare = ClickCsvReader.Read(dir.Write("a.csv", "s1,i1,1700000000\n"), new MalformedLineLog()).Single();
        Assert.Equal(("s1", "i1"), (bare.SessionId, bare.ItemId));

        var reordered = ClickCsvReader.Read(dir.Write("b.csv", "session_id,timestamp,item_id\ns1,1700000000,i9\n"), new MalformedLineLog()).Single();
        Assert.Equal("i9", reordered.ItemId);
    }
}
