using System.Globalization;
using System.Text;
using System.Text.Json;
using Streaming.Core.Catalog;
using Streaming.Core.Contracts;
using Streaming.Core.Models;
using Streaming.Messaging;
using Streaming.Testing;

namespace Streaming.Cli.Tests;

/// <summary><c>streaming train --protocol temporal</c> on a click CSV, then <c>streaming models publish</c>, as separate processes.</summary>
public sealed class TrainProcessTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "train-cmd-" + Guid.NewGuid().ToString("N"));

    public TrainProcessTests()
    {
        // 200 sessions a minute apart following the successor rule over 10 items: i3 -> i4 -> i5 ...
        Directory.CreateDirectory(_dir);
        var random = new Random(7);
        var csv = new StringBuilder("session_id,item_id,timestamp\n");
        var start = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        for (var s = 0; s < 200; s++)
        {
            var first = random.Next(10);
            var length = random.Next(2, 6);
            for (var k = 0; k < length; k++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"s{s},i{(first + k) % 10},{start + (s * 60) + k}\n");
            }
        }

        File.WriteAllText(Path.Combine(_dir, "clicks.csv"), csv.ToString());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_temporal_run_on_a_click_log_writes_a_model_that_publishes_with_its_catalog()
    {
        var output = Path.Combine(_dir, "model");
        var registry = Path.Combine(_dir, "registry");
        using (var train = StreamingProcess.Start(
            null, "train", "--protocol", "temporal", "--dataset", "csv", "--data-dir", _dir, "--file", "clicks.csv", "--epochs", "2", "--threads", "1", "--out", output))
        {
            var lines = train.ReadUntil(line => line.StartsWith("Wrote", StringComparison.Ordinal), TimeSpan.FromMinutes(2));
            Assert.Equal(0, await train.WaitForExitAsync(TimeSpan.FromMinutes(1)));
            Assert.Contains(lines, line => line.Contains("(temporal protocol)", StringComparison.Ordinal));
            Assert.Contains("temporal split of 200 sessions", train.StandardError, StringComparison.Ordinal);
        }

        // Published and announced on `models`, as the streaming Trainer announces its versions.
        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        kafka.CreateTopic(Topics.Models, 1);
        using (var publish = StreamingProcess.Start(
            null, "models", "publish", "--model", output, "--registry", registry, "--top-k", "5", "--bootstrap-servers", kafka.BootstrapServers))
        {
            var line = publish.ReadLine(TimeSpan.FromMinutes(1));
            Assert.Equal(0, await publish.WaitForExitAsync(TimeSpan.FromMinutes(1)));
            Assert.StartsWith("Published v000001 (srgnn, csv, 10 items", line, StringComparison.Ordinal);
        }

        var announcement = Assert.Single(await KafkaTopicReader.ReadAsync(kafka.BootstrapServers, Topics.Models, 1, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        var published = JsonSerializer.Deserialize(announcement.Message.Value, StreamingJsonContext.Default.ModelPublished)!;
        Assert.Equal("v000001", published.Version);
        Assert.Equal(new ModelRegistry(registry).Get("v000001").Manifest.ContentHash, published.ContentHash);

        var catalog = ItemCatalog.Load(Path.Combine(registry, "v000001", ItemCatalog.FileName));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"i{i}").Order(StringComparer.Ordinal), catalog.Items.Select(i => i.ExternalId));
    }

    [Fact]
    public async Task The_paper_protocol_has_no_split_for_a_click_log()
    {
        using var train = StreamingProcess.Start(null, "train", "--dataset", "csv", "--data-dir", _dir, "--file", "clicks.csv");

        Assert.Equal(2, await train.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("splits for beauty, ml-1m only", train.StandardError, StringComparison.Ordinal);
    }
}
