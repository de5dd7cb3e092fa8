using System.CommandLine;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Streaming.Cli.Commands;
using Streaming.Core.Datasets;

namespace Streaming.Cli.Tests;

public sealed class DatasetsFetchTests : IDisposable
{
    private readonly string _to = Path.Combine(Path.GetTempPath(), "fetch-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_to))
        {
            Directory.Delete(_to, recursive: true);
        }
    }

    private static byte[] MovieLensZip(string? extraEntry = null)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "ml-1m/ratings.dat", "1::10::5::978300760\n1::20::3::978300761\n2::10::4::978300800\n");
            Add(zip, "ml-1m/movies.dat", "10::Amélie (2001)::Comedy|Romance\n20::Twenty (1999)::Drama\n", Encoding.Latin1);
            Add(zip, "ml-1m/users.dat", "1::F::1::10::48067\n2::M::56::16::70072\n");
            if (extraEntry is not null)
            {
                Add(zip, extraEntry, "x");
            }
        }

        return memory.ToArray();
    }

    private static void Add(ZipArchive zip, string name, string content, Encoding? encoding = null)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write((encoding ?? Encoding.UTF8).GetBytes(content));
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public async Task Verified_archive_is_unpacked_into_the_data_directory_layout()
    {
        var zip = MovieLensZip();
        using var server = new DatasetsFixtureServer(new() { ["ml-1m.zip"] = zip });
        using var http = new HttpClient();
        long lastReceived = 0;
        long? lastTotal = null;
        var fetcher = new DatasetsFetcher(http) { Progress = (_, received, total) => (lastReceived, lastTotal) = (received, total) };

        await fetcher.FetchAsync([new DatasetsArchive("ml-1m.zip", server.BaseUrl, Sha256(zip), Unzip: true, "ml-1m", "ratings.dat")], null, _to, force: false, TestContext.Current.CancellationToken);

        Assert.Equal(zip.Length, lastReceived);
        Assert.Equal(zip.Length, lastTotal);
        Assert.False(File.Exists(Path.Combine(_to, "ml-1m", "ml-1m.zip.part")));
        var source = DatasetSource.Open("ml-1m", _to);
        Assert.True(source.HasTimestamps);
        Assert.Equal(3, source.ReadInteractions(new MalformedLineLog()).Count());
        Assert.Contains(source.ReadItemMetadata(new MalformedLineLog()), m => m.Title == "Amélie (2001)");

        // A second fetch skips what is there.
        var notes = new List<string>();
        var again = new DatasetsFetcher(http) { Note = notes.Add };
        await again.FetchAsync([new DatasetsArchive("ml-1m.zip", server.BaseUrl, Sha256(zip), Unzip: true, "ml-1m", "ratings.dat")], null, _to, force: false, TestContext.Current.CancellationToken);
        Assert.Equal(1, server.Requests);
        Assert.Contains(notes, n => n.Contains("skipping", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plain_files_are_kept_as_downloaded_and_unpublished_checksums_are_printed()
    {
        var gz = Encoding.UTF8.GetBytes("not really gzip");
        using var server = new DatasetsFixtureServer(new() { ["reviews_Beauty_5.json.gz"] = gz });
        using var http = new HttpClient();
        var notes = new List<string>();
        var fetcher = new DatasetsFetcher(http) { Note = notes.Add };

        await fetcher.FetchAsync([new DatasetsArchive("reviews_Beauty_5.json.gz", "http://unused.invalid/", null, Unzip: false, "beauty", "reviews_Beauty_5.json.gz")], server.BaseUrl, _to, force: false, TestContext.Current.CancellationToken);

        Assert.Equal(gz, await File.ReadAllBytesAsync(Path.Combine(_to, "beauty", "reviews_Beauty_5.json.gz"), TestContext.Current.CancellationToken));
        Assert.Contains(notes, n => n.Contains(Sha256(gz), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wrong_checksum_through_the_command_fails_and_keeps_nothing()
    {
        // The fixture is not the official ml-1m.zip, so the official SHA-256 cannot match.
        using var server = new DatasetsFixtureServer(new() { ["ml-1m.zip"] = MovieLensZip() });
        var root = new RootCommand();
        foreach (var command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }

        var code = await root.Parse(["datasets", "fetch", "ml-1m", "--to", _to, "--base-url", server.BaseUrl]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1, code);
        Assert.Equal(1, server.Requests);
        Assert.Empty(Directory.EnumerateFiles(_to, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Archive_entries_escaping_the_target_are_refused()
    {
        var zip = MovieLensZip(extraEntry: "../escaped.txt");
        using var server = new DatasetsFixtureServer(new() { ["ml-1m.zip"] = zip });
        using var http = new HttpClient();
        var fetcher = new DatasetsFetcher(http);

        await Assert.ThrowsAsync<InvalidDataException>(() => fetcher.FetchAsync(
            [new DatasetsArchive("ml-1m.zip", server.BaseUrl, Sha256(zip), Unzip: true, "ml-1m", "ratings.dat")], null, _to, false, TestContext.Current.CancellationToken));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_to)!, "escaped.txt")));
        Assert.Empty(Directory.EnumerateFiles(_to, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Missing_file_is_an_http_error()
    {
        using var server = new DatasetsFixtureServer([]);
        using var http = new HttpClient();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => new DatasetsFetcher(http).FetchAsync(
            DatasetsArchive.Official("beauty"), server.BaseUrl, _to, false, TestContext.Current.CancellationToken));
        Assert.Contains("404", error.Message, StringComparison.Ordinal);
    }
}
