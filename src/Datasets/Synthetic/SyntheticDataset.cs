using System.Globalization;
using System.Text;
using Streaming.Core.Catalog;
using Streaming.Core.Datasets.PaperSplits;
using Streaming.Core.Sessions;

namespace Streaming.Core.Datasets.Synthetic;

/// <summary>
/// A built-in, clearly synthetic click log for trying the system without a dataset: a catalog of
/// <see cref="ItemCount"/> made-up products (ids <c>syn-NNNN</c>, titles like "Cobalt Velvet Candle", one category
/// and one brand each) and sessions generated from a seed, so the same seed always gives the same data. Sessions have
/// structure a session model can learn and popularity cannot: each product has two fixed "next" products in its
/// category (what people tend to look at after it), a session mostly stays in one category and often in one brand,
/// and only now and then jumps to a popular product anywhere. <see cref="Version"/> changes whenever the generator
/// does, so anything derived from it (the bootstrap cache) can be keyed by it.
/// </summary>
public sealed class SyntheticDataset
{
    public const string Name = "synthetic";

    /// <summary>The generator's version: part of every cache key derived from this data.</summary>
    public const int Version = 1;

    private static readonly string[] Categories = ["Tea", "Coffee", "Chocolate", "Candle", "Notebook", "Scarf", "Sneaker", "Headphones"];
    private static readonly string[] Brands = ["Aster", "Borealis", "Cobalt", "Dune", "Ember"];
    private static readonly string[] Styles = ["Classic", "Smoky", "Bright", "Velvet", "Nordic", "Wild", "Golden", "Quiet", "Urban", "Midnight"];
    private static readonly int PerCategory = Brands.Length * Styles.Length;

    private readonly ItemMetadata[] _items;
    private readonly int[] _first;
    private readonly int[] _second;
    private readonly double[] _categoryWeights;
    private readonly double[][] _itemWeights;
    private readonly double[] _globalWeights;

    public SyntheticDataset(int seed = 7)
    {
        Seed = seed;
        var random = new Random(seed);
        _items = new ItemMetadata[Categories.Length * PerCategory];
        for (var i = 0; i < _items.Length; i++)
        {
            var (category, brand, style) = Parts(i);
            _items[i] = new ItemMetadata(
                ExternalId(i), $"{Brands[brand]} {Styles[style]} {Categories[category]}", [Categories[category]], Brands[brand]);
        }

        // Two fixed successors per item, in its category and never itself: the sequential signal.
        _first = new int[_items.Length];
        _second = new int[_items.Length];
        for (var i = 0; i < _items.Length; i++)
        {
            _first[i] = OtherInCategory(i, random);
            do
            {
                _second[i] = OtherInCategory(i, random);
            }
            while (_second[i] == _first[i]);
        }

        // Popularity: Zipf-like over categories and, within each, over a shuffled order of its items.
        _categoryWeights = [.. Enumerable.Range(1, Categories.Length).Select(rank => 1.0 / rank)];
        _itemWeights = new double[Categories.Length][];
        for (var c = 0; c < Categories.Length; c++)
        {
            var ranks = Enumerable.Range(1, PerCategory).ToArray();
            random.Shuffle(ranks);
            _itemWeights[c] = [.. ranks.Select(rank => 1.0 / Math.Pow(rank, 0.8))];
        }

        _globalWeights = [.. Enumerable.Range(0, _items.Length).Select(i => _categoryWeights[i / PerCategory] * _itemWeights[i / PerCategory][i % PerCategory])];
    }

    public int Seed { get; }

    public static int ItemCount => Categories.Length * PerCategory;

    /// <summary>The products; item i has paper-split id i + 1.</summary>
    public IReadOnlyList<ItemMetadata> Items => _items;

    /// <summary>The external id of item <paramref name="index"/> (0-based).</summary>
    public static string ExternalId(int index) => "syn-" + (index + 1).ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>An endless, deterministic sequence of sessions (external ids, 2–12 clicks) of one stream.</summary>
    public IEnumerable<string[]> Sessions(SyntheticStream stream)
    {
        // A fixed mix (HashCode.Combine is randomised per process): the same seed and stream give the same sessions anywhere.
        var random = new Random(unchecked((Seed * 1_000_003) + ((int)stream * 7_919) + Version) & int.MaxValue);
        while (true)
        {
            yield return [.. Session(random).Select(ExternalId)];
        }
    }

    /// <summary>
    /// Writes the data as a paper split (<c>paper-splits/synthetic/</c> under <paramref name="dataRoot"/>: every
    /// prefix of every session a sample, <c>item_map.tsv</c> with the titles, <c>stats.tsv</c> saying it is synthetic),
    /// so training, intents and publishing read it exactly as they read the paper's real splits.
    /// </summary>
    public string WritePaperSplit(string dataRoot, int trainSessions, int testSessions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainSessions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(testSessions, 1);
        var directory = PaperSplit.DirectoryOf(dataRoot, Name);
        Directory.CreateDirectory(directory);
        var train = WriteSamples(Path.Combine(directory, PaperSplit.TrainFile), Sessions(SyntheticStream.Train).Take(trainSessions));
        var test = WriteSamples(Path.Combine(directory, PaperSplit.TestFile), Sessions(SyntheticStream.Test).Take(testSessions));
        var map = new StringBuilder("paper_id\tsource_id\ttitle\n");
        for (var i = 0; i < _items.Length; i++)
        {
            map.Append(CultureInfo.InvariantCulture, $"{i + 1}\t{_items[i].ExternalId}\t{_items[i].Title}\n");
        }

        File.WriteAllText(Path.Combine(directory, PaperSplit.ItemMapFile), map.ToString());
        File.WriteAllText(
            Path.Combine(directory, PaperSplit.StatsFile),
            string.Create(CultureInfo.InvariantCulture, $"items\t{_items.Length}\ntrain_samples\t{train}\ntest_samples\t{test}\nsource\tsynthetic: made up by the built-in generator (seed {Seed}, version {Version}), not real data\n"));
        return directory;
    }

    private static int WriteSamples(string path, IEnumerable<string[]> sessions)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var count = 0;
        foreach (var session in sessions)
        {
            var ids = session.Select(id => int.Parse(id.AsSpan(4), CultureInfo.InvariantCulture)).ToArray();
            foreach (var sample in PrefixAugmentation.Expand(ids))
            {
                writer.Write(string.Join(' ', sample.Prefix));
                writer.Write('\t');
                writer.Write(sample.Target.ToString(CultureInfo.InvariantCulture));
                writer.Write('\n');
                count++;
            }
        }

        return count;
    }

    private List<int> Session(Random random)
    {
        var category = Pick(_categoryWeights, random);
        var current = (category * PerCategory) + Pick(_itemWeights[category], random);
        var length = 2 + Math.Min(10, (int)(-Math.Log(1 - random.NextDouble()) * 4));
        var clicks = new List<int>(length) { current };
        while (clicks.Count < length)
        {
            var draw = random.NextDouble();
            var (c, brand, _) = Parts(current);
            current = draw switch
            {
                < 0.50 => _first[current],
                < 0.70 => _second[current],
                < 0.85 => (c * PerCategory) + (brand * Styles.Length) + random.Next(Styles.Length),
                < 0.93 => (c * PerCategory) + Pick(_itemWeights[c], random),
                _ => Pick(_globalWeights, random),
            };
            clicks.Add(current);
        }

        return clicks;
    }

    private static (int Category, int Brand, int Style) Parts(int index) =>
        (index / PerCategory, index % PerCategory / Styles.Length, index % Styles.Length);

    private static int OtherInCategory(int index, Random random)
    {
        var start = index / PerCategory * PerCategory;
        int other;
        do
        {
            other = start + random.Next(PerCategory);
        }
        while (other == index);
        return other;
    }

    private static int Pick(double[] weights, Random random)
    {
        var target = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            target -= weights[i];
            if (target < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}
