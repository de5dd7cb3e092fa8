using Streaming.Core.Datasets;

namespace Streaming.Core.Tests.Datasets;

public sealed class AmazonReaderTests
{
    [Fact]
    public void Reviews_read_from_gzipped_strict_json()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteGzip("reviews_Beauty_5.json.gz",
            "{\"reviewerID\": \"U1\", \"asin\": \"B1\", \"reviewText\": \"Nice, \\\"really\\\"\", \"overall\": 5.0, \"unixReviewTime\": 1318896000, \"reviewTime\": \"10 18, 2011\"}\n" +
            "{\"reviewerID\": \"U2\", \"asin\": \"B2\", \"overall\": 3.0}\n" +
            "not json at all\n" +
            "{'reviewerID': 'U3', 'asin': 'B3', 'unixReviewTime': 1400000000}\n");
        var log = new MalformedLineLog();

        var reviews = AmazonReader.ReadReviews(path, log).ToList();

        Assert.Equal([new AmazonReview("U1", "B1", 1318896000, 5.0), new AmazonReview("U3", "B3", 1400000000, null)], reviews);
        Assert.Equal([2L, 3L], log.First.Select(m => m.LineNumber));
    }

    [Fact]
    public void Metadata_reads_python_literal_lines_and_flattens_categories()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("meta_Beauty.json",
            "{'asin': 'B1', 'title': \"L'Oreal Paris Lipstick\", 'price': 7.99, 'brand': 'L\\'Oreal', " +
            "'categories': [['Beauty', 'Makeup', 'Lips'], ['Beauty', 'Makeup', 'Lipstick']], 'salesRank': {'Beauty': 10}}\n" +
            "{'title': 'no asin'}\n" +
            "{\"asin\": \"B2\", \"categories\": [[\"Beauty\"]]}\n");
        var log = new MalformedLineLog();

        var products = AmazonReader.ReadMetadata(path, log).ToList();

        Assert.Equal(2, products.Count);
        Assert.Equal("L'Oreal Paris Lipstick", products[0].Title);
        Assert.Equal("L'Oreal", products[0].Brand);
        Assert.Equal(7.99, products[0].Price);
        Assert.Equal(["Beauty", "Makeup", "Lips", "Lipstick"], products[0].Categories);
        Assert.Null(products[1].Title);
        Assert.Equal(2, log.First.Single().LineNumber);
    }

    [Fact]
    public void Beauty_csvs_are_read_by_header_name()
    {
        using var dir = new TempDirectory();
        var interactions = dir.Write("i.csv",
            "user_id,item_id,timestamp,user_idx,item_idx,pos_in_user\nU1,B1,1318896000,1,1,0\nU1,B2,notatime,1,2,1\nU1,B3,1318896000,1,3,2\n");
        var items = dir.Write("items.csv",
            "item_idx,item_id,title,brand,categories,s3rec_attribute_ids\n1,B1,\"Polish, Red \"\"Shimmer\"\"\",OPI,Makeup|Nails|Nail Polish,1 2\n2,B2,,,,\nbroken\n");
        var log = new MalformedLineLog();

        var rows = AmazonReader.ReadBeautyInteractions(interactions, log).ToList();
        var meta = AmazonReader.ReadBeautyItems(items, log).ToList();

        Assert.Equal([new BeautyInteraction("U1", "B1", 1318896000, 1, 1, 0), new BeautyInteraction("U1", "B3", 1318896000, 1, 3, 2)], rows);
        Assert.Equal("Polish, Red \"Shimmer\"", meta[0].Title);
        Assert.Equal(["Makeup", "Nails", "Nail Polish"], meta[0].Categories);
        Assert.Empty(meta[1].Categories);
        Assert.Equal(2, log.Count);
    }
}
