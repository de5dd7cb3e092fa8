using System.Globalization;
using Streaming.Core.Catalog;

namespace Streaming.Core.Datasets;

/// <summary>
/// A dataset of a data directory (layout: <c>beauty/</c>, <c>ml-1m/</c>, <c>paper-splits/</c>), resolved
/// to the file its clicks come from and the file its item metadata comes from, normalised to
/// <see cref="Interaction"/>s. Replay, statistics, training and evaluation all read through here.
/// </summary>
public sealed class DatasetSource
{
    public const string Beauty = "beauty";
    public const string MovieLens1M = "ml-1m";
    public const string Csv = "csv";

    /// <summary>The dataset names <see cref="Open"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [Beauty, MovieLens1M, Csv];

    private DatasetSource(string name, string interactionsPath, DatasetFormat format, string? metadataPath)
    {
        Name = name;
        InteractionsPath = interactionsPath;
        Format = format;
        MetadataPath = metadataPath;
    }

    public string Name { get; }

    public string InteractionsPath { get; }

    public DatasetFormat Format { get; }

    /// <summary>Where titles and categories come from, or null when there is no such file.</summary>
    public string? MetadataPath { get; }

    /// <summary>False when the source only knows each user's order (ML-1M files without timestamps).</summary>
    public bool HasTimestamps => Format is not (DatasetFormat.MovieLensOrderedRatings or DatasetFormat.UserSequences);

    /// <summary>A sentence about the timestamps, for users (printed by replay and stats).</summary>
    public string TimestampNote => Format switch
    {
        DatasetFormat.MovieLensOrderedRatings or DatasetFormat.UserSequences =>
            $"{Path.GetFileName(InteractionsPath)} has NO timestamps, only each user's order",
        DatasetFormat.AmazonReviews or DatasetFormat.BeautyInteractions =>
            "timestamps are whole days (00:00 UTC); same-day clicks keep the user's order",
        _ => "real timestamps",
    };

    /// <summary>
    /// Resolves <paramref name="dataset"/> under <paramref name="dataDirectory"/>. <paramref name="file"/>
    /// picks a specific clicks file (required for <c>csv</c>): as given, else under the dataset's folder,
    /// else under the data directory. Throws <see cref="ArgumentException"/> or
    /// <see cref="FileNotFoundException"/> with the paths it tried.
    /// </summary>
    public static DatasetSource Open(string dataset, string dataDirectory, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        switch (dataset.ToLowerInvariant())
        {
            case Beauty:
            {
                var folder = Path.Combine(dataDirectory, Beauty);
                var path = file is not null
                    ? Locate(file, folder, dataDirectory)
                    : DataFile.FirstExisting(folder, "beauty_5core_interactions.csv", "reviews_Beauty_5.json", "reviews_Beauty_5.json.gz")
                      ?? throw Missing(folder, "beauty_5core_interactions.csv or reviews_Beauty_5.json[.gz]");
                var format = IsCsv(path) ? DatasetFormat.BeautyInteractions : DatasetFormat.AmazonReviews;
                var meta = DataFile.FirstExisting(folder, "beauty_items.csv", "meta_Beauty.json", "meta_Beauty.json.gz");
                return new DatasetSource(Beauty, path, format, meta);
            }

            case MovieLens1M:
            {
                var folder = Path.Combine(dataDirectory, MovieLens1M);
                var path = file is not null
                    ? Locate(file, folder, dataDirectory)
                    : DataFile.FirstExisting(folder, "ratings.dat", "ratings.dat.gz", "ratings_no_timestamp.csv", "user_sequences_chronological.txt")
                      ?? throw Missing(folder, "ratings.dat[.gz], ratings_no_timestamp.csv or user_sequences_chronological.txt");
                var format = IsCsv(path) ? DatasetFormat.MovieLensOrderedRatings
                    : path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) ? DatasetFormat.UserSequences
                    : DatasetFormat.MovieLensRatings;
                return new DatasetSource(MovieLens1M, path, format, DataFile.FirstExisting(folder, "movies.dat"));
            }

            case Csv:
            {
                if (file is null)
                {
                    throw new ArgumentException("the csv dataset needs --file (session_id,item_id,timestamp[,title,categories])", nameof(file));
                }

                var path = Locate(file, dataDirectory, dataDirectory);
                return new DatasetSource(Csv, path, DatasetFormat.ClickCsv, path);
            }

            default:
                throw new ArgumentException($"unknown dataset '{dataset}' (known: {string.Join(", ", Names)})", nameof(dataset));
        }
    }

    /// <summary>Streams the clicks, normalised; malformed lines go to <paramref name="log"/>.</summary>
    public IEnumerable<Interaction> ReadInteractions(MalformedLineLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        return Format switch
        {
            DatasetFormat.MovieLensRatings => MovieLensReader.ReadRatings(InteractionsPath, log).Select((r, i) =>
                new Interaction(Id(r.UserId), Id(r.MovieId), DateTimeOffset.FromUnixTimeSeconds(r.Timestamp), i)),
            DatasetFormat.MovieLensOrderedRatings => MovieLensReader.ReadOrderedRatings(InteractionsPath, log).Select(r =>
                new Interaction(Id(r.UserId), Id(r.MovieId), null, r.OrderInUser)),
            DatasetFormat.UserSequences => MovieLensReader.ReadUserSequences(InteractionsPath, log).SelectMany(u =>
                u.Items.Select((item, i) => new Interaction(u.UserId, item, null, i))),
            DatasetFormat.AmazonReviews => AmazonReader.ReadReviews(InteractionsPath, log).Select((r, i) =>
                new Interaction(r.ReviewerId, r.Asin, DateTimeOffset.FromUnixTimeSeconds(r.UnixReviewTime), i)),
            DatasetFormat.BeautyInteractions => AmazonReader.ReadBeautyInteractions(InteractionsPath, log).Select(r =>
                new Interaction(r.UserId, r.ItemId, DateTimeOffset.FromUnixTimeSeconds(r.Timestamp), r.PosInUser)),
            DatasetFormat.ClickCsv => ClickCsvReader.Read(InteractionsPath, log).Select((r, i) =>
                new Interaction(r.SessionId, r.ItemId, r.Timestamp, i)),
            _ => throw new InvalidOperationException($"unknown format {Format}"),
        };
    }

    /// <summary>Streams item metadata (titles, categories/genres, brand); empty when there is no metadata file.</summary>
    public IEnumerable<ItemMetadata> ReadItemMetadata(MalformedLineLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (MetadataPath is null)
        {
            return [];
        }

        if (Format == DatasetFormat.ClickCsv)
        {
            return ClickCsvReader.Read(MetadataPath, log)
                .Where(c => c.Title is not null || c.Categories.Count > 0)
                .Select(c => new ItemMetadata(c.ItemId, c.Title, c.Categories, null));
        }

        if (Name == MovieLens1M)
        {
            return MovieLensReader.ReadMovies(MetadataPath, log).Select(m => new ItemMetadata(Id(m.MovieId), m.Title, m.Genres, null));
        }

        return IsCsv(MetadataPath)
            ? AmazonReader.ReadBeautyItems(MetadataPath, log).Select(b => new ItemMetadata(b.ItemId, b.Title, b.Categories, b.Brand))
            : AmazonReader.ReadMetadata(MetadataPath, log).Select(p => new ItemMetadata(p.Asin, p.Title, p.Categories, p.Brand));
    }

    /// <summary>Builds the item catalog of <paramref name="clickedItems"/>, with this source's metadata.</summary>
    public ItemCatalog BuildCatalog(IEnumerable<string> clickedItems, MalformedLineLog log) =>
        ItemCatalog.Build(clickedItems, ReadItemMetadata(log));

    private static string Id(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static bool IsCsv(string path) =>
        path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase);

    private static string Locate(string file, params string[] directories)
    {
        if (File.Exists(file))
        {
            return file;
        }

        foreach (var directory in directories)
        {
            var candidate = Path.Combine(directory, file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"'{file}' not found (looked as given and under {string.Join(", ", directories.Distinct())})", file);
    }

    private static FileNotFoundException Missing(string folder, string what) =>
        new($"no clicks file in {folder}: expected {what} (run `streaming datasets fetch` or pass --file)");
}
