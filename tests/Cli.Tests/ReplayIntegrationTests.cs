using System.CommandLine;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Streaming.Cli.Commands;
using Streaming.Core.Contracts;

namespace Streaming.Cli.Tests;

/// <summary>Replays a generated CSV through the real command into a librdkafka mock cluster and reads it back over TCP.</summary>
public sealed class ReplayIntegrationTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "replay-it-" + Guid.NewGuid().ToString("N"));

    public ReplayIntegrationTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private sealed record Row(string Session, string Item, long Seconds, int Line);

    [Fact]
    public async Task Replay_produces_exactly_the_expected_events_in_order_per_session_and_repeats_recognisably()
    {
        var ct = TestContext.Current.CancellationToken;
        var rows = Generate(new Random(20240531), sessions: 40);
        var csv = new StringBuilder("session_id,item_id,timestamp,title,categories\n");
        foreach (var row in rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{row.Session},{row.Item},{row.Seconds},\"Item {row.Item}, nice\",A|B\n");
        }

        csv.Append("broken,line\n");
        csv.Append("s-x,i-x,not-a-time\n");
        await File.WriteAllTextAsync(Path.Combine(_directory, "clicks.csv"), csv.ToString(), ct);

        // Expected: each session's clicks by time, ties in file order (Line is the position in the file).
        var expected = rows
            .GroupBy(r => r.Session)
            .ToDictionary(g => "csv:" + g.Key, g => g.OrderBy(r => r.Seconds).ThenBy(r => r.Line).Select(r => r.Item).ToList());

        await using var cluster = Streaming.Messaging.EmbeddedKafka.Start(brokers: 1);
        var topic = "replay-it-" + Guid.NewGuid().ToString("N")[..8];
        string[] args = ["replay", "--dataset", "csv", "--data-dir", _directory, "--file", "clicks.csv", "--topic", topic, "--bootstrap-servers", cluster.BootstrapServers];
        Assert.Equal(0, await Invoke(args, ct));
        Assert.Equal(0, await Invoke(args, ct));

        var messages = Consume(cluster.BootstrapServers, topic, rows.Count * 2, ct);

        Assert.Equal(rows.Count * 2, messages.Count);
        var clicks = messages.Select(m => (Key: m.Message.Key, Click: ClickEventReader.Read(m.Message.Value))).ToList();
        Assert.All(clicks, c => Assert.Equal(c.Key, c.Click.SessionId));
        foreach (var (session, items) in expected)
        {
            var got = clicks.Where(c => c.Key == session).Select(c => c.Click).ToList();
            Assert.Equal(items.Concat(items), got.Select(c => c.ItemId));
            var times = got.Take(items.Count).Select(c => c.Timestamp).ToList();
            Assert.Equal(times.Order(), times);

            // The second replay carries the same deterministic ids in the same order.
            var ids = got.Select(c => c.EventId!).ToList();
            Assert.Equal(ids.Take(items.Count), ids.Skip(items.Count));
        }

        Assert.Equal(rows.Count, clicks.Select(c => c.Click.EventId).Distinct().Count());
    }

    [Fact]
    public async Task Replay_without_a_data_directory_names_the_option_and_the_variable()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(DatasetsDataDirectory.EnvironmentVariable)))
        {
            Assert.Skip("STREAMING_DATA_DIR is set in this environment");
        }

        var error = Assert.Throws<ArgumentException>(() => DatasetsDataDirectory.Resolve(null));
        Assert.Contains("--data-dir", error.Message, StringComparison.Ordinal);
        Assert.Contains(DatasetsDataDirectory.EnvironmentVariable, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await Invoke(["replay", "--dataset", "beauty", "--bootstrap-servers", "127.0.0.1:1"], TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("max", null)]
    [InlineData("60", 60.0)]
    [InlineData("2.5x", 2.5)]
    public void Speed_parses_max_and_factors(string text, double? factor)
    {
        Assert.True(ReplaySpeed.TryParse(text, out var speed));
        Assert.Equal(factor, speed.Factor);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("fast")]
    public void Speed_rejects_nonsense(string text) => Assert.False(ReplaySpeed.TryParse(text, out _));

    private static List<Row> Generate(Random random, int sessions)
    {
        var rows = new List<Row>();
        var line = 0;
        var start = 1_600_000_000L;
        for (var s = 0; s < sessions; s++)
        {
            var time = start + random.Next(0, 600);
            var length = random.Next(2, 9);
            for (var i = 0; i < length; i++)
            {
                // Some clicks share a second with the previous one: ties must keep file order.
                time += random.Next(0, 3);
                rows.Add(new Row($"s{s}", $"i{random.Next(0, 25)}", time, ++line));
            }
        }

        // Shuffle the file: the replay must sort by time itself, and keep file order within a tie.
        var shuffled = rows.OrderBy(_ => random.Next()).ToList();
        return shuffled.Select((r, index) => r with { Line = index }).ToList();
    }

    private static async Task<int> Invoke(string[] args, CancellationToken ct)
    {
        var root = new RootCommand();
        foreach (var command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }

        return await root.Parse(args).InvokeAsync(cancellationToken: ct);
    }

    private static List<ConsumeResult<string, byte[]>> Consume(string bootstrap, string topic, int count, CancellationToken ct)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
            .Select(p => new TopicPartitionOffset(topic, p.PartitionId, Offset.Beginning)).ToList();
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "replay-it",
            EnableAutoCommit = false,
        }).Build();
        consumer.Assign(partitions);
        var results = new List<ConsumeResult<string, byte[]>>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (results.Count < count && DateTime.UtcNow < deadline)
        {
            ct.ThrowIfCancellationRequested();
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: not null } result)
            {
                results.Add(result);
            }
        }

        // Anything beyond the expected count would be a duplicate: give it a moment to show up.
        var extra = consumer.Consume(TimeSpan.FromMilliseconds(300));
        if (extra?.Message is not null)
        {
            results.Add(extra);
        }

        return results;
    }
}
