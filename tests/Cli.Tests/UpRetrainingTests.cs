using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using Streaming.Core.Contracts;
using Streaming.Core.Datasets.Synthetic;
using Streaming.Core.Models;
using Streaming.Testing;

namespace Streaming.Cli.Tests;

/// <summary>
/// The retraining loop end to end on the embedded stack, as a user runs it: <c>streaming up</c> (bootstrapped fused
/// version, catalog intent provider) takes a replay of clicks, the IntentWorker logs intents for them, a Trainer round
/// trains SR-GNN and the fused model from the topics, publishes and announces a fused version, and the Ranker answers
/// with it, refined answers included. Nothing is timed: every wait is for a condition, with generous bounds.
/// </summary>
public sealed class UpRetrainingTests : IDisposable
{
    private const int TriggerClicks = 4;

    private readonly string _cache = Directory.CreateTempSubdirectory("streaming-up-retrain-cache-").FullName;

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    [Fact]
    public async Task A_replay_retrains_the_fused_model_and_the_Ranker_serves_it_with_intents()
    {
        var ct = TestContext.Current.CancellationToken;
        var replay = Replay(sessions: 150);
        var replayed = replay.Sum(s => s.Items.Length);
        // One round exactly: it needs the replay and the trigger session the test produces once intents were logged.
        using var up = StreamingProcess.Start(
            new Dictionary<string, string> { ["XDG_CACHE_HOME"] = _cache },
            "up",
            "--Logging:LogLevel:Default=Warning",
            $"--Trainer:MinNewClicks={(replayed + TriggerClicks).ToString(CultureInfo.InvariantCulture)}",
            "--Trainer:MinInterval=00:00:00",
            "--Trainer:CheckInterval=00:00:01",
            "--Trainer:Epochs=1",
            "--Trainer:Hidden=32",
            "--Trainer:Threads=1",
            // The loop is under test, not the gate (FusedRetrainingTests): a one-epoch model on a few hundred clicks must
            // not be refused for being worse than the bootstrap's three-epoch model on thousands of sessions.
            "--Trainer:Tolerance=100");
        var lines = up.ReadUntil(line => line == "ready", TimeSpan.FromMinutes(8));
        Assert.Contains(lines, l => l.StartsWith("serving: v000001 (candidates and the fused ranker)", StringComparison.Ordinal));
        var kafka = lines.Single(l => l.StartsWith("kafka: ", StringComparison.Ordinal))["kafka: ".Length..];
        var registry = lines.Single(l => l.StartsWith("registry: ", StringComparison.Ordinal))["registry: ".Length..].Split(' ')[0];

        var start = DateTimeOffset.UtcNow.AddHours(-1);
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka }).Build();
        // Paced and interleaved like live users (50 sessions open at once), so the IntentWorker answers their prefixes
        // and not only each session's last version (it skips superseded ones): those are the samples that train.
        foreach (var group in replay.Chunk(50))
        {
            for (var k = 0; k < group.Max(s => s.Items.Length); k++)
            {
                foreach (var (session, items) in group.Where(s => k < s.Items.Length))
                {
                    var sessionStart = start.AddSeconds(30 * int.Parse(session["replay-".Length..], CultureInfo.InvariantCulture));
                    Produce(producer, session, items[k], k, sessionStart.AddSeconds(5 * k));
                    await Task.Delay(20, ct);
                }
            }
        }

        producer.Flush(ct);
        // The IntentWorker (the bootstrap's version has a fused ranker, so it answers) logs intents for the replay.
        var intents = await Eventually.ValueAsync(
            async () => (await KafkaTopicReader.ReadAsync(kafka, Topics.Intents, 100_000, TimeSpan.FromSeconds(3), ct)).Count(m => m.Message.Key?.StartsWith("replay-", StringComparison.Ordinal) == true),
            count => count >= 50,
            "intents logged for the replayed sessions",
            TimeSpan.FromMinutes(4));
        Produce(producer, "trigger", ["syn-0001", "syn-0002", "syn-0003", "syn-0004"], start.AddHours(2));
        producer.Flush(ct);

        var announced = await Eventually.ValueAsync(
            async () => (await KafkaTopicReader.ReadAsync(kafka, Topics.Models, 100, TimeSpan.FromSeconds(3), ct))
                .Select(m => JsonSerializer.Deserialize(m.Message.Value, StreamingJsonContext.Default.ModelPublished)!)
                .FirstOrDefault(p => p.Version == "v000002"),
            published => published is not null,
            "a second version announced on models",
            TimeSpan.FromMinutes(8));
        Assert.Equal("dmsrec", announced!.Name);
        var version = new ModelRegistry(registry).List().Single(v => v.Version == "v000002");
        Assert.NotNull(version.Manifest.RankerGraph);
        // The round learned from the logged intents, judged the fused model with and without them, and said so.
        Assert.True(version.Manifest.Metrics["intents.train-share"] > 0, $"{intents} intent records, none in the training set");
        Assert.Contains("fused.holdout.MRR@20", version.Manifest.Metrics.Keys);
        Assert.Contains("fused.holdout.no-intents.MRR@20", version.Manifest.Metrics.Keys);
        Assert.Equal("catalog/v1", version.Manifest.HyperParameters["intent-source"]);

        // New sessions after the announcement: the Ranker swapped without a restart and refines with their intents.
        var live = new SyntheticDataset(7).Sessions(SyntheticStream.Test).GetEnumerator();
        var n = 0;
        var refined = await Eventually.ValueAsync(
            async () =>
            {
                var session = "after-" + (n++).ToString(CultureInfo.InvariantCulture);
                live.MoveNext();
                Produce(producer, session, [.. live.Current.Take(3)], DateTimeOffset.UtcNow);
                producer.Flush(ct);
                await Task.Delay(TimeSpan.FromSeconds(5), ct);
                return (await KafkaTopicReader.ReadAsync(kafka, Topics.Recommendations, 1_000_000, TimeSpan.FromSeconds(5), ct))
                    .Where(m => m.Message.Key?.StartsWith("after-", StringComparison.Ordinal) == true)
                    .Select(m => JsonSerializer.Deserialize(m.Message.Value, StreamingJsonContext.Default.RecommendationsIssued)!)
                    .FirstOrDefault(r => r.ModelVersion == "v000002" && r.IntentsVersion is not null);
            },
            answer => answer is not null,
            "a refined answer from v000002",
            TimeSpan.FromMinutes(5));
        Assert.NotEmpty(refined!.Items);
        Assert.All(refined.Items, item => Assert.StartsWith("syn-", item.ItemId, StringComparison.Ordinal));

        up.Interrupt();
        Assert.Equal(0, await up.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    // Held-out synthetic sessions, 30 s apart an hour ago, as a replay of a recorded log would bring them.
    private static List<(string Session, string[] Items)> Replay(int sessions) =>
        [.. new SyntheticDataset(7).Sessions(SyntheticStream.Live).Take(sessions).Select((items, i) => ("replay-" + i.ToString(CultureInfo.InvariantCulture), items))];

    private static void Produce(IProducer<string, byte[]> producer, string session, string[] items, DateTimeOffset start)
    {
        for (var k = 0; k < items.Length; k++)
        {
            Produce(producer, session, items[k], k, start.AddSeconds(5 * k));
        }
    }

    private static void Produce(IProducer<string, byte[]> producer, string session, string item, int position, DateTimeOffset time) =>
        producer.Produce(Topics.Clicks, new Message<string, byte[]> { Key = session, Value = ClickEventWriter.Write(new ClickEvent(session, item, time, $"{session}-{position}")) });
}
