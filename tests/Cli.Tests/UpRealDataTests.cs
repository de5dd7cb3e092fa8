using System.Globalization;
using System.Text;
using Streaming.Core.Catalog;
using Streaming.Core.Contracts;
using Streaming.Core.Models;
using Streaming.Testing;

namespace Streaming.Cli.Tests;

/// <summary>
/// Real data in the live path: a paper split numbers its items 1..N, while replayed clicks carry the source's ids
/// (MovieIDs, ASINs). <c>up --dataset</c> bootstraps on the split and replays its held-out sessions in source ids; the
/// answers must come back in source ids, whose catalog entries carry the source's titles and genres/categories. The
/// data is generated here (small, with structure), in the real files' formats: the source ids are nowhere near 1..N and
/// not in the split's order, so any place that mixes the two kinds of id fails.
/// </summary>
public sealed class UpRealDataTests : IDisposable
{
    private const int Items = 60;
    private readonly string _root = Directory.CreateTempSubdirectory("streaming-up-real-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("ml-1m")]
    [InlineData("beauty")]
    public async Task Replayed_source_ids_are_answered_in_source_ids_with_the_sources_titles(string dataset)
    {
        var ct = TestContext.Current.CancellationToken;
        var sources = WriteDataset(dataset);
        using var up = StreamingProcess.Start(
            new Dictionary<string, string> { ["XDG_CACHE_HOME"] = Path.Combine(_root, "cache") },
            "up", "--dataset", dataset, "--data-dir", _root, "--demo", "50", "--Logging:LogLevel:Default=Warning");
        var lines = up.ReadUntil(line => line == "ready", TimeSpan.FromMinutes(6));
        var kafka = lines.Single(l => l.StartsWith("kafka: ", StringComparison.Ordinal))["kafka: ".Length..];
        var registry = lines.Single(l => l.StartsWith("registry: ", StringComparison.Ordinal))["registry: ".Length..].Split(' ')[0];

        // The served catalog: split id i is the source's item, with its title and genres/categories.
        var catalog = ItemCatalog.Load(new ModelRegistry(registry).Latest()!.CatalogPath);
        for (var id = 1; id <= Items; id++)
        {
            var (sourceId, title, category) = sources[id - 1];
            Assert.Equal(sourceId, catalog[id].ExternalId);
            Assert.Equal(title, catalog[id].Title);
            Assert.Contains(category, catalog[id].Categories);
        }

        // The demo replays held-out sessions in source ids; every answer is in source ids too.
        var messages = await KafkaTopicReader.ReadAsync(kafka, Topics.Recommendations, 20, TimeSpan.FromMinutes(2), ct);
        Assert.NotEmpty(messages);
        var known = sources.Select(s => s.SourceId).ToHashSet(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            var answer = System.Text.Json.JsonSerializer.Deserialize(message.Message.Value, StreamingJsonContext.Default.RecommendationsIssued)!;
            Assert.NotEmpty(answer.Items);
            Assert.All(answer.Items, item => Assert.Contains(item.ItemId, known));
        }

        up.Interrupt();
        Assert.Equal(0, await up.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>
    /// A paper split of <see cref="Items"/> items whose sessions walk item i to i + 1 (so the model learns), its item map
    /// to source ids far from 1..N and in another order (MovieID 3072 is Moonstruck, as in ML-1M), and the source's
    /// metadata file.
    /// </summary>
    private List<(string SourceId, string Title, string Category)> WriteDataset(string dataset)
    {
        var movies = dataset == "ml-1m";
        var sources = Enumerable.Range(1, Items).Select(i =>
        {
            var sourceId = movies ? (i == 7 ? "3072" : (5_000 - (i * 37)).ToString(CultureInfo.InvariantCulture)) : $"B00TEST{(Items - i):D3}";
            var title = movies ? (i == 7 ? "Moonstruck (1987)" : $"Film number {i} (1990)") : $"Beauty product {i}";
            var category = movies ? (i % 2 == 0 ? "Comedy" : "Romance") : (i % 2 == 0 ? "Nails" : "Skin");
            return (SourceId: sourceId, Title: title, Category: category);
        }).ToList();

        var split = Path.Combine(_root, "paper-splits", dataset);
        Directory.CreateDirectory(split);
        var random = new Random(3);
        File.WriteAllText(Path.Combine(split, "train.tsv"), Samples(random, 400, augment: true));
        File.WriteAllText(Path.Combine(split, "test.tsv"), Samples(random, 40, augment: false));
        File.WriteAllText(Path.Combine(split, "stats.tsv"), $"items\t{Items}\n");
        var map = new StringBuilder(movies ? "paper_id\tmovie_id\ttitle\n" : "paper_id\tasin\ttitle\n");
        for (var i = 0; i < Items; i++)
        {
            map.Append(CultureInfo.InvariantCulture, $"{i + 1}\t{sources[i].SourceId}\t{sources[i].Title}\n");
        }

        File.WriteAllText(Path.Combine(split, "item_map.tsv"), map.ToString());
        var source = Path.Combine(_root, dataset);
        Directory.CreateDirectory(source);
        if (movies)
        {
            File.WriteAllLines(Path.Combine(source, "movies.dat"), sources.Select(s => $"{s.SourceId}::{s.Title}::{s.Category}|Drama"));
        }
        else
        {
            File.WriteAllLines(
                Path.Combine(source, "beauty_items.csv"),
                ["item_idx,item_id,title,brand,categories", .. sources.Select((s, i) => $"{i + 1},{s.SourceId},{s.Title},Brand{i % 3},Beauty|{s.Category}")]);
        }

        return sources;
    }

    private static string Samples(Random random, int sessions, bool augment)
    {
        var text = new StringBuilder();
        for (var s = 0; s < sessions; s++)
        {
            var start = random.Next(Items);
            var session = Enumerable.Range(0, random.Next(3, 7)).Select(k => ((start + k) % Items) + 1).ToArray();
            for (var end = augment ? 1 : session.Length - 1; end < session.Length; end++)
            {
                text.Append(string.Join(' ', session[..end])).Append('\t').Append(session[end]).Append('\n');
            }
        }

        return text.ToString();
    }
}
