using Streaming.Core.Datasets;

namespace Streaming.Core.Tests.Datasets;

public sealed class DatasetSourceTests
{
    [Fact]
    public void Movielens_prefers_real_timestamps_and_flags_their_absence()
    {
        using var dir = new TempDirectory();
        dir.Write("ml-1m/ratings_no_timestamp.csv", "user_id,movie_id,rating,order_in_user\n1,10,4,1\n1,20,5,0\n");
        dir.Write("ml-1m/movies.dat", "10::Ten (1990)::Drama\n20::Twenty (1991)::Comedy|Drama\n");

        var noTime = DatasetSource.Open("ml-1m", dir.Path);
        Assert.False(noTime.HasTimestamps);
        Assert.Contains("NO timestamps", noTime.TimestampNote, StringComparison.Ordinal);
        var interactions = noTime.ReadInteractions(new MalformedLineLog()).ToList();
        Assert.All(interactions, i => Assert.Null(i.Time));
        Assert.Equal([1L, 0L], interactions.Select(i => i.Sequence));
        var catalog = noTime.BuildCatalog(interactions.Select(i => i.ItemId), new MalformedLineLog());
        Assert.Equal(["Drama"], catalog[catalog.IndexOf("10")].Categories);

        dir.Write("ml-1m/ratings.dat", "1::10::4::978300760\n");
        var real = DatasetSource.Open("ml-1m", dir.Path);
        Assert.True(real.HasTimestamps);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(978300760), real.ReadInteractions(new MalformedLineLog()).Single().Time);
    }

    [Fact]
    public void Beauty_uses_pos_in_user_as_sequence_and_items_csv_as_metadata()
    {
        using var dir = new TempDirectory();
        dir.Write("beauty/beauty_5core_interactions.csv",
            "user_id,item_id,timestamp,user_idx,item_idx,pos_in_user\nU1,B2,86400,1,2,1\nU1,B1,86400,1,1,0\n");
        dir.Write("beauty/beauty_items.csv", "item_idx,item_id,title,brand,categories,s3rec_attribute_ids\n1,B1,One,Acme,A|B,\n");

        var source = DatasetSource.Open("beauty", dir.Path);
        var interactions = source.ReadInteractions(new MalformedLineLog()).ToList();
        Assert.Equal([1L, 0L], interactions.Select(i => i.Sequence));
        var meta = source.ReadItemMetadata(new MalformedLineLog()).Single();
        Assert.Equal(("B1", "Acme"), (meta.ExternalId, meta.Brand));
    }

    [Fact]
    public void Errors_name_what_is_missing()
    {
        using var dir = new TempDirectory();
        var missing = Assert.Throws<FileNotFoundException>(() => DatasetSource.Open("beauty", dir.Path));
        Assert.Contains("beauty_5core_interactions.csv", missing.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => DatasetSource.Open("csv", dir.Path));
        Assert.Throws<ArgumentException>(() => DatasetSource.Open("netflix", dir.Path));
        var file = Assert.Throws<FileNotFoundException>(() => DatasetSource.Open("csv", dir.Path, "nope.csv"));
        Assert.Contains("nope.csv", file.Message, StringComparison.Ordinal);
    }
}
