using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Streaming.Core.Contracts;
using Streaming.Messaging;
using Streaming.Testing;

namespace Streaming.Ingest.Tests;

/// <summary>The Ingest worker end to end: real Kafka protocol over TCP (mock cluster) and a real Redis.</summary>
[Collection(RedisCollection.Name)]
public sealed class IngestWorkerTests(RedisServers servers)
{
    private static readonly DateTimeOffset T0 = new(2024, 2, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(RedisServers.Kinds), MemberType = typeof(RedisServers))]
    public async Task Clicks_become_session_graphs_and_updates_and_bad_input_goes_to_the_DLQ(string server)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        kafka.CreateTopic(Topics.Clicks, 4);
        var prefix = RedisServers.UniquePrefix();
        var clicks = Clicks(prefix, sessions: 5, perSession: 7);
        await ClickLog.ProduceAsync(kafka, clicks.Take(10), ct);
        await ProduceRawAsync(kafka, prefix + "-s0", "{not json", ct);
        await ProduceRawAsync(kafka, prefix + "-s1", $$"""{"sessionId":"{{prefix}}-s1","timestamp":1700000000000}""", ct);
        await ProduceRawAsync(kafka, "another-key", $$"""{"sessionId":"{{prefix}}-s2","itemId":"x","timestamp":1700000000000}""", ct);
        await ClickLog.ProduceAsync(kafka, clicks.Skip(10), ct);

        using var host = StartHost(kafka, server, group: "ingest");
        using var applied = host.Services.Collect(IngestMetrics.MeterName, IngestMetrics.AppliedName);
        await host.StartAsync(ct);
        await Eventually.TrueAsync(() => applied.Sum() == clicks.Count, $"{clicks.Count} clicks applied");

        await ClickLog.AssertStoredAsReferenceAsync(servers.Endpoint(server), clicks, 5, ct);
        var dead = await KafkaTopicReader.ReadAsync(kafka.BootstrapServers, Topics.DeadLetter(Topics.Clicks), 3, TimeSpan.FromSeconds(20), ct);
        Assert.Equal(
            new[] { ClickRejection.InvalidJson, ClickRejection.MissingField, MessageRejection.KeyMismatch }.Order(),
            dead.Select(m => MessageHeaders.GetString(m.Message.Headers, DeadLetterHeaders.Reason)).Order());
        Assert.Contains(dead, m => Encoding.UTF8.GetString(m.Message.Value) == "{not json");

        var updates = await KafkaTopicReader.ReadAsync(kafka.BootstrapServers, Topics.SessionUpdates, clicks.Count, TimeSpan.FromSeconds(20), ct);
        var versions = updates
            .Select(m => JsonSerializer.Deserialize(m.Message.Value, StreamingJsonContext.Default.SessionUpdated)!)
            .GroupBy(u => u.SessionId)
            .ToDictionary(g => g.Key, g => g.Select(u => u.Version).ToArray());
        Assert.Equal(5, versions.Count);
        Assert.All(versions.Values, v => Assert.Equal([1L, 2, 3, 4, 5, 6, 7], v));
        Assert.All(updates, m => Assert.True(MessageHeaders.TryGetClickTime(m.Message.Headers, out _)));
        await host.StopAsync(ct);
    }

    public static TheoryData<string, bool> ServersAndRepeats => new()
    {
        { RedisServers.Garnet, false }, { RedisServers.Garnet, true }, { RedisServers.RedisServer, false }, { RedisServers.RedisServer, true },
    };

    /// <summary>
    /// Clicks seen a second time change nothing in Redis: after lost commits a new group re-reads the same offsets;
    /// a replay run again brings the same event ids under new offsets, in sessions longer than the window (5) and
    /// than the 8 event ids remembered before.
    /// </summary>
    [Theory]
    [MemberData(nameof(ServersAndRepeats))]
    public async Task Clicks_seen_again_after_lost_commits_or_in_a_replay_run_twice_change_nothing_in_Redis(string server, bool replayedAgain)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        kafka.CreateTopic(Topics.Clicks, 2);
        var clicks = Clicks(RedisServers.UniquePrefix(), sessions: 3, perSession: 30);
        await ClickLog.ProduceAsync(kafka, clicks, ct);

        using (var first = StartHost(kafka, server, group: "ingest-a"))
        {
            using var applied = first.Services.Collect(IngestMetrics.MeterName, IngestMetrics.AppliedName);
            await first.StartAsync(ct);
            await Eventually.TrueAsync(() => applied.Sum() == clicks.Count, "first run applied every click");
            await first.StopAsync(ct);
        }

        if (replayedAgain)
        {
            await ClickLog.ProduceAsync(kafka, clicks, ct);
        }

        // Replayed again: the same group reads the new offsets. Lost commits: a new group starts from the beginning.
        using var second = StartHost(kafka, server, group: replayedAgain ? "ingest-a" : "ingest-b");
        using var appliedAgain = second.Services.Collect(IngestMetrics.MeterName, IngestMetrics.AppliedName);
        using var duplicates = second.Services.Collect(IngestMetrics.MeterName, IngestMetrics.DuplicatesName);
        await second.StartAsync(ct);
        await Eventually.TrueAsync(() => duplicates.Sum() >= clicks.Count, "second run saw every click as a duplicate");

        Assert.Equal(0, appliedAgain.Sum());
        // Same offsets (lost commits) are known by offset; the same clicks under new offsets (a replay) by event id.
        Assert.Equal(duplicates.Sum(), duplicates.Sum(("kind", replayedAgain ? "event-id" : "offset")));
        await ClickLog.AssertStoredAsReferenceAsync(servers.Endpoint(server), clicks, 5, ct);
        await second.StopAsync(ct);
    }

    private IHost StartHost(EmbeddedKafka kafka, string server, string group)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Redis:Configuration"] = servers.Endpoint(server),
            ["Ingest:ConsumerGroup"] = group,
            ["Ingest:MaxSessionLength"] = "5",
        });
        builder.AddIngest();
        return builder.Build();
    }

    private static List<ClickEvent> Clicks(string prefix, int sessions, int perSession) =>
    [
        .. Enumerable.Range(0, perSession).SelectMany(step => Enumerable.Range(0, sessions).Select(s =>
            new ClickEvent($"{prefix}-s{s}", $"item{(s * 3 + step * step) % 6}", T0.AddMinutes(step), $"{prefix}-s{s}-{step}"))),
    ];

    private static async Task ProduceRawAsync(EmbeddedKafka kafka, string key, string value, CancellationToken ct)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        await producer.ProduceAsync(Topics.Clicks, new Message<string, byte[]> { Key = key, Value = Encoding.UTF8.GetBytes(value) }, ct);
    }
}
