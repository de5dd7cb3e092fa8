using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
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
        var ct = TestContext.Current.CancellationToken;
        await using var run = await IngestRun.StartAsync("outage", 60, ct);

        await run.ProduceAsync(0, 30, ct);
        await Eventually.TrueAsync(() => run.Applied.Sum() == 30, "the first 30 clicks applied");

        run.Redis.Pause();
        await run.ProduceAsync(30, 30, ct);
        await Eventually.TrueAsync(() => run.Retried.Sum(("topic", Topics.Clicks)) > 0, "a retry while Redis is stalled");
        run.Redis.Resume();

        // Commands that timed out on the client may still run once Redis wakes up; their retries then see the offset
        // as applied. So "applied once" is checked on the state, and "handled" on the loop's count.
        await Eventually.TrueAsync(() => run.Handled.Sum(("topic", Topics.Clicks)) == 60, "all 60 clicks handled after the stall", TimeSpan.FromSeconds(30));
        Assert.Equal(60, run.Applied.Sum() + run.Duplicates.Sum());
        Assert.Equal(0, run.DeadLettered.Sum(("topic", Topics.Clicks)));
        await run.AssertStoredAsReferenceAsync(ct);
    }

    [Theory]
    [InlineData("oom")]
    [InlineData("readonly")]
    public async Task Clicks_arriving_while_Redis_refuses_writes_are_retried_not_dead_lettered(string fault)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var run = await IngestRun.StartAsync("refuse", 20, ct);
        await run.ProduceAsync(0, 10, ct);
        await Eventually.TrueAsync(() => run.Applied.Sum() == 10, "the first 10 clicks applied");

        await using var admin = await ConnectionMultiplexer.ConnectAsync(run.Redis.Endpoint + ",allowAdmin=true");
        var server = admin.GetServer(run.Redis.Endpoint);
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

        await run.ProduceAsync(10, 10, ct);
        // Several retries, past the three attempts after which an unknown error is dead-lettered.
        await Eventually.TrueAsync(() => run.Retried.Sum(("topic", Topics.Clicks)) >= 5, "retries while Redis refuses writes");
        Assert.Equal(0, run.DeadLettered.Sum(("topic", Topics.Clicks)));
        await server.ExecuteAsync(fault == "oom" ? "CONFIG" : "REPLICAOF", fault == "oom" ? ["SET", "maxmemory", "0"] : ["NO", "ONE"]);

        await Eventually.TrueAsync(() => run.Handled.Sum(("topic", Topics.Clicks)) == 20, "all 20 clicks handled after Redis accepts writes", TimeSpan.FromSeconds(30));
        Assert.Equal(0, run.DeadLettered.Sum(("topic", Topics.Clicks)));
        Assert.Equal(20, run.Applied.Sum());
        await run.AssertStoredAsReferenceAsync(ct);
    }

    /// <summary>Ingest hosted in-process against a real redis-server and an embedded Kafka, with short retry backoffs.</summary>
    private sealed class IngestRun : IAsyncDisposable
    {
        private readonly EmbeddedKafka _kafka;
        private readonly IHost _host;
        private readonly List<ClickEvent> _clicks;

        private IngestRun(RedisServerProcess redis, EmbeddedKafka kafka, IHost host, List<ClickEvent> clicks)
        {
            Redis = redis;
            _kafka = kafka;
            _host = host;
            _clicks = clicks;
            Applied = host.Services.Collect(IngestMetrics.MeterName, IngestMetrics.AppliedName);
            Duplicates = host.Services.Collect(IngestMetrics.MeterName, IngestMetrics.DuplicatesName);
            Retried = host.Services.Collect(MessagingDiagnostics.MeterName, MessagingMetrics.RetriedName);
            Handled = host.Services.Collect(MessagingDiagnostics.MeterName, MessagingMetrics.HandledName);
            DeadLettered = host.Services.Collect(MessagingDiagnostics.MeterName, MessagingMetrics.DeadLetteredName);
        }

        public RedisServerProcess Redis { get; }

        public MetricCollector<long> Applied { get; }

        public MetricCollector<long> Duplicates { get; }

        public MetricCollector<long> Retried { get; }

        public MetricCollector<long> Handled { get; }

        public MetricCollector<long> DeadLettered { get; }

        public static async Task<IngestRun> StartAsync(string prefix, int count, CancellationToken ct)
        {
            if (RedisServerProcess.UnavailableReason() is { } reason)
            {
                Assert.Skip(reason);
            }

            var redis = await RedisServerProcess.StartAsync();
            var kafka = EmbeddedKafka.Start(brokers: 1);
            kafka.CreateTopic(Topics.Clicks, 2);
            var t0 = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
            var clicks = Enumerable.Range(0, count)
                .Select(i => new ClickEvent($"{prefix}-s{i % 4}", $"item{i % 7}", t0.AddSeconds(i), $"{prefix}-{i}"))
                .ToList();
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
            var run = new IngestRun(redis, kafka, builder.Build(), clicks);
            await run._host.StartAsync(ct);
            return run;
        }

        public Task ProduceAsync(int skip, int take, CancellationToken ct) => ClickLog.ProduceAsync(_kafka, _clicks.Skip(skip).Take(take), ct);

        public Task AssertStoredAsReferenceAsync(CancellationToken ct) => ClickLog.AssertStoredAsReferenceAsync(Redis.Endpoint, _clicks, 50, ct);

        public async ValueTask DisposeAsync()
        {
            await _host.StopAsync(CancellationToken.None);
            _host.Dispose();
            foreach (var collector in new[] { Applied, Duplicates, Retried, Handled, DeadLettered })
            {
                collector.Dispose();
            }

            await _kafka.DisposeAsync();
            Redis.Dispose();
        }
    }
}
