using Streaming.Core.Datasets.PaperSplits;

namespace Streaming.Core.Tests.PaperSplits;

public sealed class PaperSplitTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "paper-split-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Load_reads_every_file_of_a_generated_split()
    {
        WriteSplit("toy", items: 4, train: ["1 2\t3", "2 3 4\t1"], test: ["4\t2"], candidates: ["2 1 3"]);

        var split = PaperSplit.Load(_root, "toy");

        Assert.Equal(4, split.ItemCount);
        Assert.Equal(2, split.Train.Count);
        Assert.Equal([2, 3, 4], split.Train[1].Items);
        Assert.Equal(1, split.Train[1].Target);
        Assert.Equal(2, split.Test[0].Target);
        Assert.Equal([2, 1, 3], split.TestCandidates![0]);
        Assert.Equal("Item three", split.Items![2].Title);
        Assert.Equal("S3", split.Items[2].SourceId);
        Assert.Equal("4", split.Stats["items"]);
    }

    [Theory]
    [InlineData("1 2 3", "exactly one tab")]
    [InlineData("1 x\t3", "'x' in items is not an item id")]
    [InlineData("1 9\t3", "item id 9 in items is outside 1..4")]
    [InlineData("1 2\t0", "item id 0 in target is outside 1..4")]
    [InlineData("\t3", "no input items")]
    [InlineData("1  2\t3", "empty token")]
    [InlineData("1 2\t3\t4", "exactly one tab")]
    public void Malformed_sample_lines_name_file_line_and_reason(string badLine, string reason)
    {
        WriteSplit("toy", items: 4, train: ["1 2\t3", badLine], test: ["4\t2"], candidates: null);

        var error = Assert.Throws<PaperSplitFormatException>(() => PaperSplit.Load(_root, "toy"));

        Assert.EndsWith(PaperSplit.TrainFile, error.FileName);
        Assert.Equal(2, error.LineNumber);
        Assert.Contains(reason, error.Reason);
        Assert.Contains($"{PaperSplit.TrainFile}:2:", error.Message);
    }

    [Fact]
    public void Candidate_lists_must_match_the_test_samples()
    {
        WriteSplit("toy", items: 4, train: ["1 2\t3"], test: ["4\t2", "1\t2"], candidates: ["2 1 3"]);

        var error = Assert.Throws<PaperSplitFormatException>(() => PaperSplit.Load(_root, "toy"));

        Assert.Contains("1 candidate lists for 2 test samples", error.Message);
    }

    [Fact]
    public void Item_map_needs_its_header_and_consecutive_ids()
    {
        using var noHeader = new StringReader("1\tA\tT\n");
        using var gap = new StringReader("paper_id\tasin\ttitle\n1\tA\tT\n3\tC\tT\n");

        var headerError = Assert.Throws<PaperSplitFormatException>(() => PaperSplitReader.ReadItemMap(noHeader, "item_map.tsv"));
        var gapError = Assert.Throws<PaperSplitFormatException>(() => PaperSplitReader.ReadItemMap(gap, "item_map.tsv"));

        Assert.Equal(1, headerError.LineNumber);
        Assert.Equal(3, gapError.LineNumber);
        Assert.Contains("expected paper_id 2, found 3", gapError.Reason);
    }

    [Fact]
    public void Stats_reject_duplicates_and_a_missing_item_count_is_reported()
    {
        using var duplicate = new StringReader("items\t4\nitems\t5\n");
        var error = Assert.Throws<PaperSplitFormatException>(() => PaperSplitReader.ReadStats(duplicate, "stats.tsv"));
        Assert.Equal(2, error.LineNumber);

        var directory = Directory.CreateDirectory(PaperSplit.DirectoryOf(_root, "nocount")).FullName;
        File.WriteAllText(Path.Combine(directory, PaperSplit.StatsFile), "train_samples\t1\n");
        var missing = Assert.Throws<PaperSplitFormatException>(() => PaperSplit.Load(_root, "nocount"));
        Assert.Contains("'items'", missing.Reason);
    }

    [Fact]
    public void Missing_directory_and_files_are_clear_errors()
    {
        Assert.Throws<DirectoryNotFoundException>(() => PaperSplit.Load(_root, "absent"));

        var directory = Directory.CreateDirectory(PaperSplit.DirectoryOf(_root, "partial")).FullName;
        File.WriteAllText(Path.Combine(directory, PaperSplit.StatsFile), "items\t3\n");
        var error = Assert.Throws<FileNotFoundException>(() => PaperSplit.Load(_root, "partial"));
        Assert.Contains(PaperSplit.TrainFile, error.Message);
    }

    private void WriteSplit(string dataset, int items, string[] train, string[] test, string[]? candidates)
    {
        var directory = Directory.CreateDirectory(PaperSplit.DirectoryOf(_root, dataset)).FullName;
        File.WriteAllText(Path.Combine(directory, PaperSplit.StatsFile), $"items\t{items}\ntrain_samples\t{train.Length}\n");
        File.WriteAllLines(Path.Combine(directory, PaperSplit.TrainFile), train);
        File.WriteAllLines(Path.Combine(directory, PaperSplit.TestFile), test);
        if (candidates is not null)
        {
            File.WriteAllLines(Path.Combine(directory, PaperSplit.CandidatesFile), candidates);
        }

        string[] titles = ["Item one", "Item two", "Item three", "Item four"];
        var map = new List<string> { "paper_id\tsource\ttitle" };
        map.AddRange(Enumerable.Range(1, items).Select(i => $"{i}\tS{i}\t{titles[(i - 1) % titles.Length]}"));
        File.WriteAllLines(Path.Combine(directory, PaperSplit.ItemMapFile), map);
    }
}
