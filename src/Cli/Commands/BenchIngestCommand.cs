using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Streaming.Core.Contracts;
using Streaming.Ingest;
using Streaming.Messaging;
using Streaming.ServiceDefaults;
using Streaming.State;

namespace Streaming.Cli.Commands;

/// <summary>
/// <c>streaming bench ingest</c>: replays a dataset into the embedded Kafka, then runs the Ingest worker over it and
/// prints sustained clicks/s, per-batch apply latency (p50/p99/max) and Redis memory per live session.
/// Redis is the embedded Garnet unless <c>--redis</c> names another server (e.g. a local redis-server).
/// With <c>--speed max</c> (default) the log is produced first and the worker drains the backlog (throughput, full
/// batches); with a rate such as <c>--speed 5000/s</c> the worker runs while clicks arrive at that steady rate
/// (latency at a given load, small batches).
/// </summary>
internal static class BenchIngestCommand
{
    public static Command Create()
    {
        var command = new Command("ingest", "Ingest throughput, apply latency and Redis memory per live session on a replayed dataset.");
        var source = new DatasetsSourceOptions();
        source.AddTo(command);
        var limit = ReplayCommand.LimitOption();
        var redis = new Option<string?>("--redis") { Description = "Redis configuration string to use instead of the embedded Garnet, e.g. 127.0.0.1:6379." };
        var sample = new Option<int>("--memory-sample") { Description = "Sessions sampled with MEMORY USAGE.", DefaultValueFactory = _ => 1000 };
        var speed = ReplayCommand.SpeedOption();
        var plot = new Option<FileInfo?>("--plot") { Description = "Also write throughput per second and latency per batch as an SVG." };
        command.Options.Add(plot);
        command.Options.Add(limit);
        command.Options.Add(speed);
        command.Options.Add(redis);
        command.Options.Add(sample);
        command.SetAction(async (parse, ct) =>
        {
            await using var stack = EmbeddedStack.Start(brokers: 1, partitions: 12, redisPort: 0, persistDirectory: null);
            var redisEndpoint = parse.GetValue(redis) ?? stack.Redis.Endpoint;
            var server = parse.GetValue(redis) is null ? "Garnet (embedded)" : $"Redis at {redisEndpoint}";
            Console.Error.WriteLine($"kafka mock cluster at {stack.Kafka.BootstrapServers}; {server}; {Environment.ProcessorCount} cores");

            var pace = ReplaySpeed.TryParse(parse.GetValue(speed), out var parsed) ? parsed : ReplaySpeed.Max;
            await using var redisClient = await ConnectionMultiplexer.ConnectAsync(RedisConnection.Configure(redisEndpoint + ",allowAdmin=true"));
            var before = await UsedMemoryAsync(redisClient);
            var batches = new ConcurrentQueue<double>();
            var handlerSeconds = new ConcurrentQueue<double>();
            using var listener = ListenToDurations(batches, handlerSeconds);
            var settings = new Dictionary<string, string?>(stack.WorkerSettings) { ["Redis:Configuration"] = redisEndpoint };
            using var host = WorkerHost.Build(["ingest"], ["--Logging:LogLevel:Default=Warning"], settings);
            var telemetry = host.Services.GetRequiredService<TelemetryReader>();

            ReplayResult? replay = null;
            Task<int> Replay() => ReplayCommand.ExecuteAsync(
                parse, source, Topics.Clicks, pace, parse.GetValue(limit), () => ReplayProducer.Create(stack.Kafka.BootstrapServers), ct, r => replay = r);
            var clock = new Stopwatch();
            if (pace.IsMax)
            {
                // Throughput: the whole log waits in Kafka, then the worker drains it.
                var code = await Replay();
                if (code != 0 || replay is null)
                {
                    return code;
                }

                clock.Start();
                await host.StartAsync(ct);
            }
            else
            {
                // Latency at a steady load: the worker runs while the clicks arrive.
                await host.StartAsync(ct);
                clock.Start();
                var code = await Replay();
                if (code != 0 || replay is null)
                {
                    return code;
                }
            }

            var perSecond = await WaitForAllAsync(telemetry, replay.Events, clock, ct);
            var elapsed = clock.Elapsed;
            await host.StopAsync(ct);

            var after = await UsedMemoryAsync(redisClient);
            var (sampled, meanBytes, medianBytes) = await SampleMemoryUsageAsync(redisClient, parse.GetValue(sample));
            if (parse.GetValue(plot) is { } svg)
            {
                await File.WriteAllTextAsync(svg.FullName, Plot(perSecond, [.. batches], server), ct);
                Console.Error.WriteLine($"plot: {svg.FullName}");
            }

            Report(replay, elapsed, telemetry, [.. batches], [.. handlerSeconds.Select(seconds => seconds * 1000)], before, after, sampled, meanBytes, medianBytes);
            return 0;
        });
        return command;
    }

    /// <summary>Collects the Redis apply time (ms) and the whole handler time (s, Redis + publishing) of every batch.</summary>
    private static double At(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static MeterListener ListenToDurations(ConcurrentQueue<double> applyMs, ConcurrentQueue<double> handlerSeconds)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name is IngestMetrics.ApplyDurationName or MessagingMetrics.BatchDurationName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
            (instrument.Name == MessagingMetrics.BatchDurationName ? handlerSeconds : applyMs).Enqueue(value));
        listener.Start();
        return listener;
    }

    /// <summary>Waits until every click is applied, printing progress each second; returns clicks/s per second.</summary>
    private static async Task<List<(double Second, double ClicksPerSecond)>> WaitForAllAsync(TelemetryReader telemetry, long events, Stopwatch clock, CancellationToken ct)
    {
        var perSecond = new List<(double, double)>();
        var lastReport = TimeSpan.Zero;
        long lastDone = 0;
        while (Done(telemetry) < events)
        {
            await Task.Delay(20, ct);
            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(1))
            {
                var done = Done(telemetry);
                perSecond.Add((Math.Round(clock.Elapsed.TotalSeconds), (done - lastDone) / (clock.Elapsed - lastReport).TotalSeconds));
                lastReport = clock.Elapsed;
                lastDone = done;
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {clock.Elapsed.TotalSeconds,5:0.0} s  applied {done:N0}/{events:N0} ({done / clock.Elapsed.TotalSeconds:N0} clicks/s)"));
            }
        }

        return perSecond;
    }

    /// <summary>Clicks Ingest is done with: applied, or skipped as already applied.</summary>
    private static long Done(TelemetryReader telemetry) => telemetry.Total(IngestMetrics.AppliedName) + telemetry.Total(IngestMetrics.DuplicatesName);

    /// <summary>Throughput per second and the per-batch Redis round trip over the run, as an SVG.</summary>
    private static string Plot(IReadOnlyList<(double Second, double ClicksPerSecond)> perSecond, IReadOnlyList<double> applyMs, string server)
    {
        var throughput = new SvgLineChart($"Ingest throughput ({server})", "seconds since start", "clicks/s")
            .Add("applied", perSecond);
        var latency = new SvgLineChart("Redis round trip per batch", "batch", "ms")
            .Add("apply", [.. applyMs.Select((ms, i) => ((double)i + 1, ms))]);
        return SvgLineChart.Document([throughput, latency]);
    }

    private static async Task<long?> UsedMemoryAsync(ConnectionMultiplexer redis)
    {
        try
        {
            var info = await redis.GetServers()[0].InfoAsync("memory");
            var used = info.SelectMany(g => g).FirstOrDefault(kv => kv.Key == "used_memory").Value;
            return long.TryParse(used, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes) ? bytes : null;
        }
        catch (RedisException)
        {
            return null;
        }
    }

    private static async Task<(int Sampled, double Mean, double Median)> SampleMemoryUsageAsync(ConnectionMultiplexer redis, int count)
    {
        var server = redis.GetServers()[0];
        var db = redis.GetDatabase();
        var sizes = new List<long>(count);
        await foreach (var key in server.KeysAsync(pattern: "sess:{*}", pageSize: 1000))
        {
            if (sizes.Count >= count)
            {
                break;
            }

            try
            {
                var usage = await db.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0");
                if (!usage.IsNull)
                {
                    sizes.Add((long)usage);
                }
            }
            catch (RedisServerException)
            {
                return (0, 0, 0);
            }
        }

        if (sizes.Count == 0)
        {
            return (0, 0, 0);
        }

        sizes.Sort();
        return (sizes.Count, sizes.Average(), sizes[sizes.Count / 2]);
    }

    private static void Report(
        ReplayResult replay, TimeSpan elapsed, TelemetryReader telemetry, double[] batches, double[] handler, long? before, long? after, int sampled, double mean, double median)
    {
        Array.Sort(batches);
        Array.Sort(handler);
        double Percentile(double p) => At(batches, p);
        var invariant = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(invariant, $"bench ingest: {replay.Events:N0} clicks, {replay.Sessions:N0} sessions, {replay.Items:N0} items"));
        Console.WriteLine(string.Create(invariant, $"  sustained     {replay.Events / elapsed.TotalSeconds:N0} clicks/s ({elapsed.TotalSeconds:0.00} s from the start to the last click applied; applied {telemetry.Total(IngestMetrics.AppliedName):N0}, duplicates {telemetry.Total(IngestMetrics.DuplicatesName):N0})"));
        Console.WriteLine(string.Create(invariant, $"  apply/batch   p50 {Percentile(0.50):0.00} ms, p99 {Percentile(0.99):0.00} ms, max {At(batches, 1):0.00} ms over {batches.Length:N0} batches (mean {(batches.Length == 0 ? 0 : replay.Events / (double)batches.Length):0} clicks/batch): the Redis round trip"));
        Console.WriteLine(string.Create(invariant, $"  handle/batch  p50 {At(handler, 0.50):0.00} ms, p99 {At(handler, 0.99):0.00} ms, max {At(handler, 1):0.00} ms: parse + Redis + publish session-updates and wait for delivery"));
        if (sampled > 0)
        {
            Console.WriteLine(string.Create(invariant, $"  MEMORY USAGE  mean {mean:0} B, median {median:0} B per live session ({sampled:N0} sampled)"));
        }
        else
        {
            Console.WriteLine("  MEMORY USAGE  not supported by this server");
        }

        if (before is { } b && after is { } a)
        {
            Console.WriteLine(string.Create(invariant, $"  INFO memory   used_memory +{(a - b) / 1048576.0:0.0} MiB for {replay.Sessions:N0} sessions = {(a - b) / (double)replay.Sessions:0} B per live session"));
        }
    }
}
