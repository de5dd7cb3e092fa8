using System.CommandLine;
using System.IO.Compression;
using System.Text;
using Streaming.Cli.Commands;
using Streaming.Core.Catalog;
using Streaming.Core.Datasets;
using Streaming.Core.Sessions;

namespace Streaming.Cli.Tests;

public sealed class DatasetsCommandsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "datasets-cmd-" + Guid.NewGuid().ToString("N"));

    public DatasetsCommandsTests()
    {
        // An official-format Beauty folder: gzipped JSON reviews and Python-literal metadata.
        Directory.CreateDirectory(Path.Combine(_dir, "beauty"));
        WriteGzip("beauty/reviews_Beauty_5.json.gz",
            "{\"reviewerID\": \"U1\", \"asin\": \"B2\", \"unixReviewTime\": 1300000000}\n" +
            "{\"reviewerID\": \"U1\", \"asin\": \"B1\", \"unixReviewTime\": 1300000000}\n" +
            "{\"reviewerID\": \"U2\", \"asin\": \"B1\", \"unixReviewTime\": 1200000000}\n" +
            "{\"reviewerID\": \"U1\", \"asin\": \"B3\", \"unixReviewTime\": 1400000000}\n" +
            "garbage\n");
        WriteGzip("beauty/meta_Beauty.json.gz",
            "{'asin': 'B1', 'title': \"Maybelline 'Great Lash'\", 'categories': [['Beauty', 'Makeup', 'Eyes']], 'brand': 'Maybelline'}\n" +
            "{'asin': 'B3', 'title': 'Tab\\there', 'categories': [['Beauty']]}\n");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void WriteGzip(string relative, string text)
    {
        using var file = File.Create(Path.Combine(_dir, relative));
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(text));
    }

    [Fact]
    public void Stats_describe_the_official_beauty_files()
    {
        var source = DatasetSource.Open("beauty", _dir);
        Assert.Equal(DatasetFormat.AmazonReviews, source.Format);
        var log = new MalformedLineLog();
        var sessions = Sessionizer.Sessionize(source.ReadInteractions(log), new SessionizerOptions());

        var lines = DatasetsStatsCommand.Describe(source, sessions, log, "per-user").ToDictionary(l => l.Name, l => l.Value);

        Assert.Equal("4", lines["clicks"]);
        Assert.Equal("2", lines["sessions"]);
        Assert.Equal("3", lines["items"]);
        Assert.Equal("2.0000", lines["avg_session_len"]);
        Assert.Equal("1", lines["skipped_lines"]);
        Assert.StartsWith("2008-", lines["first_click"], StringComparison.Ordinal);

        // Same-time clicks keep the file order: B2 was reviewed before B1 in the file.
        Assert.Equal(["B2", "B1", "B3"], sessions.Single(s => s.UserId == "U1").Clicks.Select(c => c.ItemId));
    }

    [Fact]
    public async Task Catalog_command_writes_a_loadable_catalog_with_metadata()
    {
        var output = Path.Combine(_dir, "catalog.tsv");
        var root = new RootCommand();
        foreach (var command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }

        var code = await root.Parse(["datasets", "catalog", "--dataset", "beauty", "--data-dir", _dir, "--out", output])
            .InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        var catalog = ItemCatalog.Load(output);
        Assert.Equal(["B1", "B2", "B3"], catalog.Items.Select(i => i.ExternalId));
        Assert.Equal("Maybelline 'Great Lash'", catalog[1].Title);
        Assert.Equal(["Beauty", "Makeup", "Eyes"], catalog[1].Categories);
        Assert.Equal("Maybelline", catalog[1].Brand);
        Assert.Null(catalog[2].Title);
        Assert.Equal("Tab\there", catalog[3].Title);
    }

    [Fact]
    public async Task Strict_mode_turns_a_malformed_line_into_a_failure()
    {
        var root = new RootCommand();
        foreach (var command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }

        var lenient = await root.Parse(["datasets", "stats", "--dataset", "beauty", "--data-dir", _dir]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
        var strict = await root.Parse(["datasets", "stats", "--dataset", "beauty", "--data-dir", _dir, "--strict"]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, lenient);
        Assert.Equal(1, strict);
    }
}
