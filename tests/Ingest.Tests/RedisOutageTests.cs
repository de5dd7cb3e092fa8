using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streaming.Core.Contracts;
using Streaming.Messaging;
using Streaming.Testing;

namespace Streaming.Ingest.Tests;

/// <summary>A stalled Redis makes Ingest retry, not skip: once Redis answers again, every click is applied once.</summary>
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

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            // Short timeouts so the stall surfaces as transient errors within the test.
            ["Redis:Configuration"] = redis.Endpoint + ",asyncTimeout=300,syncTimeout=300",
            ["Kafka:RetryInitialBackoff"] = "00:00:00.050",
            ["Kafka:RetryMaxBackoff"] = "00:00:00.200",
        });
        builder.AddIngest();
        using var host = builder.Build();
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
}
