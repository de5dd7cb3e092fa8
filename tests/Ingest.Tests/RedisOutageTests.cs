using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Streaming.Core.Contracts;
using Streaming.Messaging;
using Streaming.Testing;

namespace Streaming.Ingest.Tests;

/// <summary>
/// A stalled Redis, or one that answers "not now" (out of memory, a read-only replica), makes Ingest retry, not skip
/// or dead-letter: once Redis accepts writes again, every click is applied once.
/// </summary>
public sealed class RedisOutageTests
{
    [Fact]
    public async Task Clicks_arriving_while_Redis_is_stalled_are_applied_once_it_recovers()
    {
        if (RedisServerProcess.UnavailableReason() is { } reason)
        {
            Assert.Skip(reason);
        }

        var ct = TestContext.Current.CancellationToken;
        using var redis = await RedisServerProcess.StartAsync();
        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        kafka.CreateTopic(Topics.Clicks, 2);
        var t0 = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var clicks = Enumerable.Range(0, 60)
            .Select(i => new ClickEvent($"outage-s{i % 4}", $"item{i % 7}", t0.AddSeconds(i), $"outage-{i}"))
            .ToList();

        using var host = BuildIngest(kafka, redis);
        await host.StartAsync(ct);
        var ingest = host.Services.GetRequiredService<IngestMetrics>();
        var messaging = host.Services.GetRequiredService<MessagingMetrics>();

        await ClickLog.ProduceAsync(kafka, clicks.Take(30), ct);
        await Eventually.TrueAsync(() => ingest.AppliedTotal == 30, "the first 30 clicks applied");

        redis.Pause();
        await ClickLog.ProduceAsync(kafka, clicks.Skip(30), ct);
        await Eventually.TrueAsync(() => messaging.Total(MessagingMetrics.RetriedName, Topics.Clicks) > 0, "a retry while Redis is stalled");
        redis.Resume();

        // Commands that timed out on the client may still run once Redis wakes up; their retries then see the offset
        // as applied. So "applied once" is checked on the state, and "handled" on the loop's count.
        await Eventually.TrueAsync(() => messaging.Total(MessagingMetrics.HandledName, Topics.Clicks) == 60, "all 60 clicks handled after the stall", TimeSpan.FromSeconds(30));
        Assert.Equal(60, ingest.AppliedTotal + ingest.DuplicatesTotal);
        Assert.Equal(0, messaging.Total(MessagingMetrics.DeadLetteredName, Topics.Clicks));
        await ClickLog.AssertStoredAsReferenceAsync(redis.Endpoint, clicks, 50, ct);

        await host.StopAsync(ct);
    }

    [Theory]
    [InlineData("oom")]
    [InlineData("readonly")]
    public async Task Clicks_arriving_while_Redis_refuses_writes_are_retried_not_dead_lettered(string fault)
    {
        if (RedisServerProcess.UnavailableReason() is { } reason)
        {
            Assert.Skip(reason);
        }

        var ct = TestContext.Current.CancellationToken;
        using var redis = await RedisServerProcess.StartAsync();
        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        kafka.CreateTopic(Topics.Clicks, 2);
        var t0 = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var clicks = Enumerable.Range(0, 20)
            .Select(i => new ClickEvent($"refuse-s{i % 3}", $"item{i % 5}", t0.AddSeconds(i), $"refuse-{i}"))
            .ToList();
        using var host = BuildIngest(kafka, redis);
        await host.StartAsync(ct);
        var ingest = host.Services.GetRequiredService<IngestMetrics>();
        var messaging = host.Services.GetRequiredService<MessagingMetrics>();
        await ClickLog.ProduceAsync(kafka, clicks.Take(10), ct);
        await Eventually.TrueAsync(() => ingest.AppliedTotal == 10, "the first 10 clicks applied");

        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Endpoint + ",allowAdmin=true");
        var server = admin.GetServer(redis.Endpoint);
        if (fault == "oom")
        {
            // maxmemory 1 byte with noeviction: every write is refused with OOM.
            await server.ExecuteAsync("CONFIG", "SET", "maxmemory-policy", "noeviction");
            await server.ExecuteAsync("CONFIG", "SET", "maxmemory", "1");
        }
        else
        {
            // A replica of a master that does not exist keeps its data and refuses writes with READONLY.
            await server.ExecuteAsync("REPLICAOF", "127.0.0.1", FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await ClickLog.ProduceAsync(kafka, clicks.Skip(10), ct);
        // Several retries, well past the three attempts after which an unknown error is dead-lettered.
        await Eventually.TrueAsync(() => messaging.Total(MessagingMetrics.RetriedName, Topics.Clicks) >= 5, "retries while Redis refuses writes");
        Assert.Equal(0, messaging.Total(MessagingMetrics.DeadLetteredName, Topics.Clicks));
        await server.ExecuteAsync(fault == "oom" ? "CONFIG" : "REPLICAOF", fault == "oom" ? ["SET", "maxmemory", "0"] : ["NO", "ONE"]);

        await Eventually.TrueAsync(() => messaging.Total(MessagingMetrics.HandledName, Topics.Clicks) == 20, "all 20 clicks handled after Redis accepts writes", TimeSpan.FromSeconds(30));
        Assert.Equal(0, messaging.Total(MessagingMetrics.DeadLetteredName, Topics.Clicks));
        Assert.Equal(20, ingest.AppliedTotal);
        await ClickLog.AssertStoredAsReferenceAsync(redis.Endpoint, clicks, 50, ct);

        await host.StopAsync(ct);
    }

    private static IHost BuildIngest(EmbeddedKafka kafka, RedisServerProcess redis)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            // Short timeouts so a stall surfaces as transient errors within the test.
            ["Redis:Configuration"] = redis.Endpoint + ",asyncTimeout=300,syncTimeout=300",
            ["Kafka:RetryInitialBackoff"] = "00:00:00.050",
            ["Kafka:RetryMaxBackoff"] = "00:00:00.200",
        });
        builder.AddIngest();
        return builder.Build();
    }
}
