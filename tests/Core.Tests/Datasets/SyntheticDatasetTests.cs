using Streaming.Core.Datasets.PaperSplits;
using Streaming.Core.Datasets.Synthetic;

namespace Streaming.Core.Tests.Datasets;

public sealed class SyntheticDatasetTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("synthetic-dataset-tests-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_same_seed_gives_the_same_catalog_and_sessions_and_another_seed_other_sessions()
    {
        var a = new SyntheticDataset(seed: 7);
        var b = new SyntheticDataset(seed: 7);
        var c = new SyntheticDataset(seed: 8);

        Assert.Equal(Described(a), Described(b));
        Assert.Equal(a.Sessions(SyntheticStream.Train).Take(200), b.Sessions(SyntheticStream.Train).Take(200));
        Assert.NotEqual(a.Sessions(SyntheticStream.Train).Take(200), c.Sessions(SyntheticStream.Train).Take(200));
        Assert.NotEqual(a.Sessions(SyntheticStream.Train).Take(200), a.Sessions(SyntheticStream.Live).Take(200));
    }

    private static IEnumerable<string> Described(SyntheticDataset data) =>
        data.Items.Select(i => $"{i.ExternalId} {i.Title} {i.Brand} {string.Join('|', i.Categories)}");

    [Fact]
    public void Items_are_labelled_synthetic_with_a_title_a_brand_and_a_category()
    {
        var data = new SyntheticDataset();

        Assert.Equal(SyntheticDataset.ItemCount, data.Items.Count);
        Assert.All(data.Items, item =>
        {
            Assert.StartsWith("syn-", item.ExternalId, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(item.Title));
            // "Cobalt Velvet Candle": the brand and the category are in the title, as the catalog heuristic and encoder expect.
            Assert.StartsWith(item.Brand!, item.Title, StringComparison.Ordinal);
            Assert.EndsWith(Assert.Single(item.Categories), item.Title, StringComparison.Ordinal);
        });
        Assert.Equal(data.Items.Count, data.Items.Select(i => i.Title).Distinct().Count());
    }

    [Fact]
    public void Sessions_follow_each_items_successors_far_more_often_than_chance()
    {
        // The learnable structure: what follows an item is concentrated on a few items of its category.
        var next = new Dictionary<string, Dictionary<string, int>>();
        foreach (var session in new SyntheticDataset().Sessions(SyntheticStream.Train).Take(5_000))
        {
            Assert.InRange(session.Length, 2, 12);
            for (var i = 1; i < session.Length; i++)
            {
                var counts = next.TryGetValue(session[i - 1], out var found) ? found : next[session[i - 1]] = [];
                counts[session[i]] = counts.GetValueOrDefault(session[i]) + 1;
            }
        }

        var topTwoShare = next.Values.Sum(c => c.Values.OrderDescending().Take(2).Sum()) / (double)next.Values.Sum(c => c.Values.Sum());
        Assert.True(topTwoShare > 0.5, $"the two most frequent successors take {topTwoShare:P0} of transitions");
    }

    [Fact]
    public void It_is_written_as_a_paper_split_that_loads_and_says_it_is_synthetic()
    {
        new SyntheticDataset().WritePaperSplit(_root, trainSessions: 50, testSessions: 10);

        var split = PaperSplit.Load(_root, SyntheticDataset.Name);
        Assert.Equal(SyntheticDataset.ItemCount, split.ItemCount);
        Assert.Equal("syn-0001", split.Items![0].SourceId);
        Assert.True(split.Train.Count > 50);
        Assert.Contains("synthetic", split.Stats["source"], StringComparison.Ordinal);
        Assert.Contains("not real data", split.Stats["source"], StringComparison.Ordinal);
    }
}
