using System.Diagnostics;
using Confluent.Kafka;
using Streaming.Cli.Commands;
using Streaming.Core.Contracts;

namespace Streaming.Cli.Tests;

public sealed class ReplayRunnerTests
{
    private static List<ClickEvent> Clicks(int count, TimeSpan spacing)
    {
        var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return Enumerable.Range(0, count)
            .Select(i => new ClickEvent($"s{i % 2}", $"i{i}", start + (spacing * i), $"e{i}"))
            .ToList();
    }

    [Fact]
    public async Task A_speed_factor_paces_events_by_event_time()
    {
        await using var cluster = Streaming.Messaging.EmbeddedKafka.Start(brokers: 1);
        using var producer = ReplayProducer.Create(cluster.BootstrapServers);
        var topic = "pace-" + Guid.NewGuid().ToString("N")[..8];

        // 5 events one second apart at 20x real time: at least 4 × 50 ms.
        var clock = Stopwatch.StartNew();
        var result = await ReplayRunner.RunAsync(producer, topic, Clicks(5, TimeSpan.FromSeconds(1)), new ReplaySpeed(20), null, TestContext.Current.CancellationToken);
        clock.Stop();

        Assert.Equal(5, result.Events);
        Assert.Equal(2, result.Sessions);
        Assert.Equal(5, result.Items);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(190), $"took only {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Max_speed_does_not_wait_for_event_time()
    {
        await using var cluster = Streaming.Messaging.EmbeddedKafka.Start(brokers: 1);
        using var producer = ReplayProducer.Create(cluster.BootstrapServers);
        var clock = Stopwatch.StartNew();

        // Five events an hour apart would take 4 h at real time.
        var result = await ReplayRunner.RunAsync(producer, "fast-" + Guid.NewGuid().ToString("N")[..8], Clicks(5, TimeSpan.FromHours(1)), ReplaySpeed.Max, null, TestContext.Current.CancellationToken);

        Assert.Equal(5, result.Events);
        // Far below the four hours the events span, far above anything a loaded machine needs for five produces.
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Cancellation_stops_a_paced_replay()
    {
        await using var cluster = Streaming.Messaging.EmbeddedKafka.Start(brokers: 1);
        using var producer = ReplayProducer.Create(cluster.BootstrapServers);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReplayRunner.RunAsync(
            producer, "cancel-" + Guid.NewGuid().ToString("N")[..8], Clicks(3, TimeSpan.FromHours(1)), new ReplaySpeed(1), null, cancel.Token));
    }

    [Fact]
    public async Task Delivery_errors_fail_the_replay()
    {
        // Nothing listens on port 1: every message times out and is reported as failed.
        using var producer = ReplayProducer.Create("127.0.0.1:1", config => config.MessageTimeoutMs = 1000);
        await Assert.ThrowsAnyAsync<KafkaException>(() => ReplayRunner.RunAsync(
            producer, "clicks", Clicks(3, TimeSpan.Zero), ReplaySpeed.Max, null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Messages_the_producer_refuses_fail_the_replay()
    {
        await using var cluster = Streaming.Messaging.EmbeddedKafka.Start(brokers: 1);
        using var producer = ReplayProducer.Create(cluster.BootstrapServers);
        var huge = new ClickEvent("s", new string('x', 2_000_000), DateTimeOffset.UnixEpoch, "e");
        await Assert.ThrowsAnyAsync<KafkaException>(() => ReplayRunner.RunAsync(
            producer, "huge-" + Guid.NewGuid().ToString("N")[..8], [huge], ReplaySpeed.Max, null, TestContext.Current.CancellationToken));
    }
}
