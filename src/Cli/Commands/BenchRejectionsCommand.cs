using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Core.Contracts;
using Streaming.Ingest;
using Streaming.Messaging;
using Streaming.ServiceDefaults;

namespace Streaming.Cli.Commands;

/// <summary>
/// <c>streaming bench rejections</c>: hostile input against one Ingest worker on the embedded stack. First a backlog of
/// <c>--bad</c> invalid messages (five kinds in turn: not JSON, a missing field, a lone surrogate escape, invalid
/// UTF-8, a key that is not the session id) interleaved with <c>--good</c> valid clicks is drained: messages/s and
/// rejections/s. Then the same mix arrives at <c>--rate</c> messages/s while the worker runs: the latency of the
/// valid clicks during the flood, from their event time to their <c>session-updates</c> message being read back.
/// </summary>
internal static class BenchRejectionsCommand
{
    private static readonly Func<string, (string Key, byte[] Value)>[] BadKinds =
    [
        i => ($"bad-{i}", Encoding.UTF8.GetBytes("not json")),
        i => ($"bad-{i}", Encoding.UTF8.GetBytes($$"""{"sessionId":"bad-{{i}}","timestamp":1600000000000}""")),
        i => ($"bad-{i}", Encoding.UTF8.GetBytes($$"""{"sessionId":"bad-{{i}}","itemId":"\ud800","timestamp":1600000000000}""")),
        i => ($"bad-{i}", [.. Encoding.UTF8.GetBytes($$"""{"sessionId":"bad-{{i}}","itemId":"a"""), 0xFF, .. Encoding.UTF8.GetBytes("\",\"timestamp\":1600000000000}")]),
        i => ($"other-{i}", Encoding.UTF8.GetBytes($$"""{"sessionId":"bad-{{i}}","itemId":"i","timestamp":1600000000000}""")),
    ];

    public static Command Create()
    {
        var command = new Command("rejections", "Ingest under hostile input: rejection throughput and valid-click latency during a flood of bad messages.");
        var bad = new Option<int>("--bad") { Description = "Invalid messages per phase.", DefaultValueFactory = _ => 10_000 };
        var good = new Option<int>("--good") { Description = "Valid clicks per phase, spread evenly among the bad ones.", DefaultValueFactory = _ => 1_000 };
        var rate = new Option<int>("--rate") { Description = "Messages per second during the live flood.", DefaultValueFactory = _ => 10_000 };
        command.Options.Add(bad);
        command.Options.Add(good);
        command.Options.Add(rate);
        command.SetAction(async (parse, ct) =>
        {
            var (badCount, goodCount, perSecond) = (parse.GetValue(bad), parse.GetValue(good), Math.Max(1, parse.GetValue(rate)));
            await using var stack = EmbeddedStack.Start(brokers: 1, partitions: 12, redisPort: 0, persistDirectory: null);
            Console.Error.WriteLine($"kafka mock cluster at {stack.Kafka.BootstrapServers}; Garnet (embedded); {Environment.ProcessorCount} cores");
            using var producer = ReplayProducer.Create(stack.Kafka.BootstrapServers);
            using var host = WorkerHost.Build(["ingest"], ["--Logging:LogLevel:Default=Warning"], stack.WorkerSettings);
            var telemetry = host.Services.GetRequiredService<TelemetryReader>();

            // Phase 1: drain a backlog.
            foreach (var (key, value) in Mix("backlog", badCount, goodCount))
            {
                producer.Produce(Topics.Clicks, new Message<string, byte[]> { Key = key, Value = value });
            }

            producer.Flush(ct);
            var clock = Stopwatch.StartNew();
            await host.StartAsync(ct);
            // From the first message handled: joining the group and connecting are start-up, not throughput.
            await WaitForAsync(() => Rejected(telemetry) + Applied(telemetry) > 0, ct);
            var startUp = clock.Elapsed;
            await WaitForAsync(() => Rejected(telemetry) >= badCount && Applied(telemetry) >= goodCount, ct);
            var drained = clock.Elapsed - startUp;

            // Phase 2: a live flood at a steady rate, valid clicks' latency read back from session-updates.
            var latencies = new List<double>(goodCount);
            using var updates = new ConsumerBuilder<string?, byte[]>(new ConsumerConfig
            {
                BootstrapServers = stack.Kafka.BootstrapServers,
                GroupId = $"bench-rejections-{Guid.NewGuid():N}",
                AutoOffsetReset = AutoOffsetReset.Earliest,
                EnableAutoCommit = false,
                FetchWaitMaxMs = 10,
            }).Build();
            // Assigned, not subscribed: a group join would hold the first answers back for seconds and count as latency.
            using (var admin = new DependentAdminClientBuilder(updates.Handle).Build())
            {
                var partitions = admin.GetMetadata(Topics.SessionUpdates, TimeSpan.FromSeconds(10)).Topics.Single().Partitions;
                updates.Assign(partitions.Select(p => new TopicPartitionOffset(Topics.SessionUpdates, p.PartitionId, Offset.Beginning)));
            }

            var reader = Task.Run(() => ReadLatencies(updates, goodCount, latencies, ct), ct);
            var floodClock = Stopwatch.StartNew();
            var sent = 0;
            // Lazily: a valid click's event time is stamped when it is sent.
            foreach (var (key, value) in Mix("flood", badCount, goodCount, stamp: true))
            {
                var due = TimeSpan.FromSeconds(sent++ / (double)perSecond);
                if (due > floodClock.Elapsed + TimeSpan.FromMilliseconds(5))
                {
                    await Task.Delay(due - floodClock.Elapsed, ct);
                }

                producer.Produce(Topics.Clicks, new Message<string, byte[]> { Key = key, Value = value });
            }

            var produced = floodClock.Elapsed;
            await reader.WaitAsync(TimeSpan.FromMinutes(5), ct);
            await host.StopAsync(ct);

            latencies.Sort();
            var invariant = CultureInfo.InvariantCulture;
            var total = badCount + goodCount;
            Console.WriteLine(string.Create(invariant, $"bench rejections: {badCount:N0} invalid messages (5 kinds) + {goodCount:N0} valid clicks per phase, one Ingest worker"));
            Console.WriteLine(string.Create(invariant, $"  backlog   drained in {drained.TotalSeconds:0.00} s after {startUp.TotalSeconds:0.00} s of start-up: {total / drained.TotalSeconds:N0} messages/s, {badCount / drained.TotalSeconds:N0} rejections/s"));
            Console.WriteLine(string.Create(invariant, $"  flood     {total:N0} messages at {total / produced.TotalSeconds:N0}/s: valid click latency p50 {At(latencies, 0.5):0} ms, p99 {At(latencies, 0.99):0} ms, max {At(latencies, 1):0} ms ({latencies.Count:N0} clicks; event time to session-updates read back)"));
            Console.WriteLine(string.Create(invariant, $"  dead-lettered {Rejected(telemetry):N0} (both phases), applied {Applied(telemetry):N0}"));
            return 0;
        });
        return command;
    }

    private static long Rejected(TelemetryReader telemetry) => telemetry.Total(MessagingMetrics.DeadLetteredName, ("topic", Topics.Clicks));

    private static long Applied(TelemetryReader telemetry) => telemetry.Total(IngestMetrics.AppliedName);

    /// <summary>Bad messages of every kind in turn, with a valid click (its own session) after every few.</summary>
    private static IEnumerable<(string Key, byte[] Value)> Mix(string phase, int badCount, int goodCount, bool stamp = false)
    {
        var every = Math.Max(1, (badCount + goodCount) / Math.Max(1, goodCount));
        var (bad, good) = (0, 0);
        for (var i = 0; bad < badCount || good < goodCount; i++)
        {
            if ((i % every == 0 && good < goodCount) || bad >= badCount)
            {
                var session = $"{phase}-good-{good++}";
                // The event time is the send time in the flood, so the answer's click time measures the latency.
                var time = stamp ? DateTimeOffset.UtcNow : new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
                yield return (session, ClickEventWriter.Write(new ClickEvent(session, $"item-{good % 100}", time, $"{session}-e")));
            }
            else
            {
                yield return BadKinds[bad % BadKinds.Length]($"{phase}-{bad++}");
            }
        }
    }

    private static void ReadLatencies(IConsumer<string?, byte[]> updates, int expected, List<double> latencies, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (latencies.Count < expected && deadline.Elapsed < TimeSpan.FromMinutes(5) && !ct.IsCancellationRequested)
        {
            if (updates.Consume(TimeSpan.FromMilliseconds(100)) is not { } message || message.Message.Key?.StartsWith("flood-", StringComparison.Ordinal) != true)
            {
                continue;
            }

            var update = JsonSerializer.Deserialize(message.Message.Value, StreamingJsonContext.Default.SessionUpdated);
            if (update is not null)
            {
                latencies.Add((DateTimeOffset.UtcNow - update.ClickTime).TotalMilliseconds);
            }
        }
    }

    private static async Task WaitForAsync(Func<bool> done, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (!done() && deadline.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(20, ct);
        }
    }

    private static double At(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
