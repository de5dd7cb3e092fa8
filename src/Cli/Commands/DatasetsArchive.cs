namespace Streaming.Cli.Commands;

/// <summary>
/// One official download: where it lives, its SHA-256 when published, and where it goes in the
/// data-directory layout (zip archives are unpacked into the root; their folder names match the layout).
/// </summary>
internal sealed record DatasetsArchive(string FileName, string BaseUrl, string? Sha256, bool Unzip, string Folder, string Marker)
{
    private const string GroupLens = "https://files.grouplens.org/datasets/movielens/";
    private const string AmazonProductGraph = "http://snap.stanford.edu/data/amazon/productGraph/categoryFiles/";

    public static IReadOnlyList<string> Datasets { get; } = ["ml-1m", "beauty"];

    /// <summary>
    /// The official archives of <paramref name="dataset"/>. GroupLens publishes ml-1m.zip's checksum;
    /// the Amazon 2014 files have none published, so their SHA-256 is printed for the user to record.
    /// </summary>
    public static IReadOnlyList<DatasetsArchive> Official(string dataset) => dataset switch
    {
        "ml-1m" =>
        [
            new("ml-1m.zip", GroupLens, "a6898adb50b9ca05aa231689da44c217cb524e7ebd39d264c56e2832f2c54e20", Unzip: true, Folder: "ml-1m", Marker: "ratings.dat"),
        ],
        "beauty" =>
        [
            new("reviews_Beauty_5.json.gz", AmazonProductGraph, null, Unzip: false, Folder: "beauty", Marker: "reviews_Beauty_5.json.gz"),
            new("meta_Beauty.json.gz", AmazonProductGraph, null, Unzip: false, Folder: "beauty", Marker: "meta_Beauty.json.gz"),
        ],
        _ => throw new ArgumentException($"unknown dataset '{dataset}' (known: {string.Join(", ", Datasets)})", nameof(dataset)),
    };
}
