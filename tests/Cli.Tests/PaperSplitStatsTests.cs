using Streaming.Cli.Commands;
using Streaming.Core.Datasets.PaperSplits;

namespace Streaming.Cli.Tests;

public sealed class PaperSplitStatsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("paper-split-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Paper_split_stats_are_computed_from_the_files_beside_the_stated_figures()
    {
        var dir = Path.Combine(_root, "paper-splits", "beauty");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "stats.tsv"), "items\t5\ntrain_samples\t3\ntest_samples\t9\n");
        File.WriteAllText(Path.Combine(dir, "train.tsv"), "1 2\t3\n1\t2\n4 5 1\t2\n");
        File.WriteAllText(Path.Combine(dir, "test.tsv"), "2 3\t4\n");

        var lines = DatasetsStatsCommand.DescribePaperSplit(PaperSplit.Load(_root, "beauty"))
            .ToDictionary(l => l.Name, l => l.Value);

        Assert.Equal("5\t(stats.tsv: 5)", lines["items"]);
        Assert.Equal("3\t(stats.tsv: 3)", lines["train_samples"]);
        Assert.Equal("1\t(stats.tsv: 9)", lines["test_samples"]);
        Assert.Equal("2", lines["avg_input_len_train_samples"]);
        Assert.Equal("3", lines["test_items_distinct"]);
        Assert.Equal("0", lines["candidate_lists"]);
    }
}
