using System.Globalization;

namespace Streaming.Core.Datasets.PaperSplits;

/// <summary>
/// The LLM-DMsRec paper's exact split of one dataset, as laid out under
/// <c>&lt;data dir&gt;/paper-splits/&lt;dataset&gt;/</c>: train and test samples, the released test
/// candidate lists, the item map and the statistics. Item ids run 1..<see cref="ItemCount"/>.
/// </summary>
public sealed class PaperSplit
{
    public const string TrainFile = "train.tsv";
    public const string TestFile = "test.tsv";
    public const string CandidatesFile = "candidates_test.tsv";
    public const string ItemMapFile = "item_map.tsv";
    public const string StatsFile = "stats.tsv";

    /// <summary>The datasets the paper released splits for (directory names).</summary>
    public static readonly IReadOnlyList<string> Datasets = ["beauty", "ml-1m"];

    private PaperSplit(
        string dataset,
        int itemCount,
        IReadOnlyList<PaperSample> train,
        IReadOnlyList<PaperSample> test,
        IReadOnlyList<int[]>? testCandidates,
        IReadOnlyList<PaperItem>? items,
        IReadOnlyDictionary<string, string> stats)
    {
        Dataset = dataset;
        ItemCount = itemCount;
        Train = train;
        Test = test;
        TestCandidates = testCandidates;
        Items = items;
        Stats = stats;
    }

    public string Dataset { get; }

    public int ItemCount { get; }

    public IReadOnlyList<PaperSample> Train { get; }

    public IReadOnlyList<PaperSample> Test { get; }

    /// <summary>Line i belongs to test sample i; null when the file is absent.</summary>
    public IReadOnlyList<int[]>? TestCandidates { get; }

    /// <summary>Null when the file is absent.</summary>
    public IReadOnlyList<PaperItem>? Items { get; }

    public IReadOnlyDictionary<string, string> Stats { get; }

    /// <summary>The directory of one dataset's split under a data root.</summary>
    public static string DirectoryOf(string dataRoot, string dataset) =>
        Path.Combine(dataRoot, "paper-splits", dataset);

    /// <summary>
    /// Loads the split of <paramref name="dataset"/> from <c>&lt;dataRoot&gt;/paper-splits/&lt;dataset&gt;</c>.
    /// <c>stats.tsv</c>, <c>train.tsv</c> and <c>test.tsv</c> are required; the candidates and item map are
    /// optional. Cross-file checks (ids within the item count, one candidate list per test sample) throw
    /// <see cref="PaperSplitFormatException"/>.
    /// </summary>
    public static PaperSplit Load(string dataRoot, string dataset)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataRoot);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataset);
        var directory = DirectoryOf(dataRoot, dataset);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"No paper split for '{dataset}': {directory} does not exist.");
        }

        var statsPath = Path.Combine(directory, StatsFile);
        var stats = Read(statsPath, PaperSplitReader.ReadStats);
        if (!stats.TryGetValue("items", out var itemsText)
            || !int.TryParse(itemsText, NumberStyles.None, CultureInfo.InvariantCulture, out var itemCount)
            || itemCount <= 0)
        {
            throw new PaperSplitFormatException(statsPath, 0, "missing or invalid 'items' count");
        }

        var train = Read(Path.Combine(directory, TrainFile), (r, f) => PaperSplitReader.ReadSamples(r, f, itemCount));
        var test = Read(Path.Combine(directory, TestFile), (r, f) => PaperSplitReader.ReadSamples(r, f, itemCount));

        var candidatesPath = Path.Combine(directory, CandidatesFile);
        IReadOnlyList<int[]>? candidates = null;
        if (File.Exists(candidatesPath))
        {
            candidates = Read(candidatesPath, (r, f) => PaperSplitReader.ReadCandidates(r, f, itemCount));
            if (candidates.Count != test.Count)
            {
                throw new PaperSplitFormatException(candidatesPath, 0, $"{candidates.Count} candidate lists for {test.Count} test samples");
            }
        }

        var itemMapPath = Path.Combine(directory, ItemMapFile);
        IReadOnlyList<PaperItem>? items = null;
        if (File.Exists(itemMapPath))
        {
            items = Read(itemMapPath, PaperSplitReader.ReadItemMap);
            if (items.Count != itemCount)
            {
                throw new PaperSplitFormatException(itemMapPath, 0, $"{items.Count} items, but {StatsFile} says {itemCount}");
            }
        }

        return new PaperSplit(dataset, itemCount, train, test, candidates, items, stats);
    }

    private static T Read<T>(string path, Func<TextReader, string, T> parse)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Missing paper-split file {path}.", path);
        }

        using var reader = File.OpenText(path);
        return parse(reader, path);
    }
}
