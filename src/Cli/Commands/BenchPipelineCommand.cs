using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streaming.Cli.Bootstrap;
using Streaming.Cli.PipelineBench;
using Streaming.Messaging;
using Streaming.ServiceDefaults;

namespace Streaming.Cli.Commands;

/// <summary>
/// <c>streaming bench pipeline</c>: the whole live path in one process, as <c>streaming up</c> runs it (embedded Kafka and
/// Garnet, every worker, a bootstrapped fused model, the catalog intent provider), driven at fixed click rates. Per rate
/// it reports achieved clicks/s, click-to-stage latency per stage from Kafka CreateTimes (joined by session id and
/// version), the share of clicks reaching each stage, refined answers within 1 s and 5 s, consumer lag over time,
/// offsets lost to retention, handler time per worker, and the floor — one bare produce→consume hop in the same host,
/// measured at the same time — with each stage's ratio to it. Writes a JSON result and an SVG; progress on stderr.
/// </summary>
internal static partial class BenchPipelineCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly TimeSpan[] RefinedWithin = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)];

    public static Command Create()
    {
        var rates = new Option<string>("--rates", "--rate") { Description = "Clicks per second to drive, one run each in this order: e.g. 1000,3000,5000; 'max' produces as fast as it can.", DefaultValueFactory = _ => "1000" };
        var duration = new Option<TimeSpan>("--duration") { Description = "How long each rate is driven.", DefaultValueFactory = _ => TimeSpan.FromMinutes(1) };
        var drain = new Option<TimeSpan>("--drain") { Description = "After each rate, how long the pipeline may take to catch up before the next one.", DefaultValueFactory = _ => TimeSpan.FromMinutes(1) };
        var gap = new Option<TimeSpan>("--click-gap") { Description = "Mean time between a session's clicks (sessions open at once = rate x gap).", DefaultValueFactory = _ => TimeSpan.FromSeconds(3) };
        var floorRate = new Option<int>("--floor-rate") { Description = "Floor probes per second, produced during every run.", DefaultValueFactory = _ => 50 };
        var dataset = new Option<string>("--dataset") { Description = "What the bootstrap trains on and the clicks replay: the built-in synthetic log, or a real dataset's held-out sessions.", DefaultValueFactory = _ => "synthetic" };
        dataset.AcceptOnlyFromAmong("synthetic", "ml-1m", "beauty");
        var dataDir = new Option<string?>("--data-dir") { Description = $"Data directory with paper-splits/ (default: ${DatasetsDataDirectory.EnvironmentVariable})." };
        var registryOption = new Option<string?>("--registry") { Description = "Serve this model registry instead of bootstrapping one." };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of each topic.", DefaultValueFactory = _ => 12 };
        var output = new Option<FileInfo>("--out") { Description = "JSON result file.", DefaultValueFactory = _ => new FileInfo("bench-pipeline.json") };
        var plot = new Option<FileInfo?>("--plot") { Description = "SVG plot (default: the --out file with .svg)." };
        var command = new Command("pipeline", "Click-to-answer latency per stage, reach, lag and the floor, at fixed click rates through every worker in one process.")
        {
            rates, duration, drain, gap, floorRate, dataset, dataDir, registryOption, partitions, output, plot,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            string[] tokens = [.. parse.UnmatchedTokens];
            if (CommandLineSettings.FirstError(tokens) is { } error || !TryParseRates(parse.GetValue(rates)!, out var targets, out error))
            {
                await Console.Error.WriteLineAsync($"bench pipeline: {error}");
                return 2;
            }

            if (!UpDataset.TryOpen(parse.GetValue(dataset), parse.GetValue(dataDir), out var data, out var dataError))
            {
                await Console.Error.WriteLineAsync($"bench pipeline: {dataError}");
                return 2;
            }

            var given = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(tokens).Build();
            var (registry, bootstrap) = UpCommand.PlanRegistry(parse.GetValue(registryOption), given);
            if (registry is null)
            {
                await Console.Error.WriteLineAsync($"bench pipeline: --registry {parse.GetValue(registryOption)} does not exist");
                return 2;
            }

            var plan = new Plan(
                targets, parse.GetValue(duration), parse.GetValue(drain), parse.GetValue(gap), Math.Max(1, parse.GetValue(floorRate)),
                parse.GetValue(partitions), data, "streaming bench pipeline " + string.Join(' ', Environment.GetCommandLineArgs().SkipWhile(a => a != "pipeline").Skip(1)));
            try
            {
                if (bootstrap)
                {
                    await UpCommand.BootstrapAsync(given, data, registry, ct);
                }

                var result = await RunAsync(plan, tokens, given, registry, ct);
                if (result is null)
                {
                    return 1;
                }

                var target = parse.GetValue(output)!;
                await File.WriteAllTextAsync(target.FullName, JsonSerializer.Serialize(result, Json), ct);
                var svg = parse.GetValue(plot) ?? new FileInfo(Path.ChangeExtension(target.FullName, ".svg"));
                await File.WriteAllTextAsync(svg.FullName, Plot(result), ct);
                Print(result);
                Console.WriteLine($"result: {target.FullName}");
                Console.WriteLine($"plot: {svg.FullName}");
                return 0;
            }
            finally
            {
                if (bootstrap && Directory.Exists(registry))
                {
                    Directory.Delete(registry, recursive: true);
                }
            }
        });
        return command;
    }

    /// <summary>Comma-separated rates (clicks/s) or <c>max</c> (null).</summary>
    internal static bool TryParseRates(string text, out IReadOnlyList<int?> rates, out string? error)
    {
        var parsed = new List<int?>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Equals("max", StringComparison.OrdinalIgnoreCase))
            {
                parsed.Add(null);
            }
            else if (int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var rate) && rate > 0)
            {
                parsed.Add(rate);
            }
            else
            {
                rates = [];
                error = $"--rates: '{part}' is neither a positive number of clicks per second nor 'max'";
                return false;
            }
        }

        rates = parsed;
        error = parsed.Count == 0 ? "--rates: give at least one rate" : null;
        return parsed.Count > 0;
    }

    private static async Task<PipelineBenchResult?> RunAsync(Plan plan, string[] tokens, IConfiguration given, string registry, CancellationToken ct)
    {
        await using var stack = EmbeddedStack.Start(brokers: 1, plan.Partitions, redisPort: 0, persistDirectory: null);
        stack.Kafka.CreateTopic(PipelineObserver.FloorTopic, plan.Partitions);
        stack.Kafka.CreateTopic(PipelineObserver.FloorEchoTopic, plan.Partitions);
        var settings = new Dictionary<string, string?>(stack.WorkerSettings);
        foreach (var (key, value) in UpCommand.SharedRegistrySettings(given, registry))
        {
            settings[key] = value;
        }

        if (string.IsNullOrWhiteSpace(given[UpCommand.IntentCatalogKey]) && new Core.Models.ModelRegistry(registry).Latest() is { } latest)
        {
            settings[UpCommand.IntentCatalogKey] = latest.CatalogPath;
        }

        // Retraining is not the live path: no round during the bench unless asked for (--Trainer:MinInterval=…).
        if (string.IsNullOrWhiteSpace(given["Trainer:MinInterval"]))
        {
            settings["Trainer:MinInterval"] = "7.00:00:00";
        }

        using var instruments = new PipelineInstruments();
        using var readiness = new WorkerReadiness(plan.Partitions);
        using var host = WorkerHost.Build(
            WorkerCatalog.Available.Keys, ["--Logging:LogLevel:Default=Warning", .. tokens], settings,
            builder => builder.Services.AddKafkaBatchConsumer<FloorEcho>(new ConsumerSubscription(FloorEcho.Group, PipelineObserver.FloorTopic)));
        if (await WorkerHost.StartAsync(host, ct) is not null)
        {
            return null;
        }

        Console.Error.WriteLine($"kafka {stack.Kafka.BootstrapServers}, redis {stack.Redis.Endpoint}; {Environment.ProcessorCount} cores, load average {LoadAverage()}; waiting for every worker");
        await readiness.WaitAsync(ct);
        await Readiness.WaitAsync(host.Services, ct);
        var served = UpCommand.Served(host) ?? "no model";
        Console.Error.WriteLine(served);
        var producer = host.Services.GetRequiredService<EventProducer>();
        using var observer = new PipelineObserver(stack.Kafka.BootstrapServers, plan.Partitions);
        using var stopObserver = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var observing = observer.RunAsync(stopObserver.Token);
        var loadStart = LoadAverage();
        plan.Origin = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        // The floor alone first: one hop with nothing else running.
        var idleFloor = new LatencyJoin();
        observer.Track("idle", new LatencyJoin(), idleFloor);
        using (var idle = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            idle.CancelAfter(TimeSpan.FromSeconds(10));
            await FloorProbes.RunAsync(producer, "idle", plan.FloorRate, idle.Token);
        }

        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        var idleFigures = idleFloor.Stage(PipelineStage.Floor);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"floor (idle): p50 {idleFigures.Latency.P50Ms:0} ms, p99 {idleFigures.Latency.P99Ms:0} ms over {idleFigures.Reached} probes"));

        var results = new List<RateResult>();
        for (var i = 0; i < plan.Rates.Count; i++)
        {
            results.Add(await RunRateAsync(plan, i, host, producer, observer, instruments, ct));
        }

        await stopObserver.CancelAsync();
        await observing;
        await host.StopAsync(CancellationToken.None);
        return new PipelineBenchResult(
            plan.Command, DateTimeOffset.FromUnixTimeMilliseconds(plan.Origin), Environment.ProcessorCount, loadStart, LoadAverage(),
            plan.Data.IsSynthetic ? "synthetic (built-in generator, not a real dataset)" : plan.Data.Name + " held-out sessions",
            served, plan.ClickGap.TotalSeconds, plan.FloorRate, idleFigures, results);
    }

    private static async Task<RateResult> RunRateAsync(
        Plan plan, int index, IHost host, EventProducer producer, PipelineObserver observer, PipelineInstruments instruments, CancellationToken ct)
    {
        var rate = plan.Rates[index];
        var run = "bench" + index.ToString(CultureInfo.InvariantCulture);
        var clicks = new LatencyJoin();
        var floor = new LatencyJoin();
        observer.Track(run, clicks, floor);
        var counters = instruments.Counters();
        var histograms = instruments.Histograms();
        instruments.TakeBatchSeconds();
        var gapsBefore = observer.Gaps;
        var loadStart = LoadAverage();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var open = rate is { } r ? Math.Max(50, (int)(r * plan.ClickGap.TotalSeconds)) : 10_000;
        Console.Error.WriteLine($"{run}: {(rate is null ? "max" : rate.Value.ToString("N0", CultureInfo.InvariantCulture))} clicks/s for {plan.Duration}, {open:N0} sessions open");

        var traffic = new DemoTraffic(producer, rate ?? 1_000_000, plan.Data.DemoSessions(), seed: 7 + index, openSessions: open, prefix: run);
        var lag = new List<LagSample>();
        using (var driving = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            driving.CancelAfter(plan.Duration);
            var producing = traffic.RunAsync(driving.Token);
            var probing = FloorProbes.RunAsync(producer, run, plan.FloorRate, driving.Token);
            await SampleAsync(plan, run, instruments, observer, clicks, lag, () => driving.IsCancellationRequested, ct);
            await producing;
            await probing;
        }

        var driven = wall.Elapsed;
        var achieved = clicks.Clicks / driven.TotalSeconds;
        // Drain: until no consumer (nor the observer) lags, or the drain time is over.
        var drainClock = Stopwatch.StartNew();
        var caughtUp = 0;
        await SampleAsync(plan, run, instruments, observer, clicks, lag, () =>
        {
            var now = lag.Count == 0 ? 0 : lag[^1].Groups.Values.Sum();
            caughtUp = now == 0 && observer.Lag == 0 ? caughtUp + 1 : 0;
            return caughtUp >= 2 || drainClock.Elapsed >= plan.Drain;
        }, ct);
        var drainSeconds = drainClock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var seconds = wall.Elapsed.TotalSeconds;

        var floorFigures = floor.Stage(PipelineStage.Floor);
        var stages = PipelineStages.OfClick.Select(stage => WithFloor(clicks.Stage(stage), floorFigures)).ToList();
        var counterDeltas = Deltas(counters, instruments.Counters());
        var histogramDeltas = instruments.Histograms()
            .Select(kv => (kv.Key, Sum: kv.Value.Sum - histograms.GetValueOrDefault(kv.Key).Sum, Count: kv.Value.Count - histograms.GetValueOrDefault(kv.Key).Count))
            .Where(h => h.Count > 0)
            .ToDictionary(h => h.Key, h => new HistogramFigures(h.Sum, h.Count, h.Sum / h.Count), StringComparer.Ordinal);
        var handlers = instruments.TakeBatchSeconds()
            .Select(kv =>
            {
                var ms = kv.Value.Select(s => s * 1000).ToArray();
                var figures = LatencyDistribution.Of(ms);
                return new HandlerFigures(kv.Key, ms.Length, ms.Sum() / 1000, ms.Sum() / 1000 / seconds, figures.P50Ms, figures.P99Ms, figures.MaxMs);
            })
            .OrderByDescending(h => h.BusySeconds)
            .ToList();
        var skipped = counterDeltas.Where(kv => kv.Key.StartsWith(MessagingMetrics.OffsetsSkippedName, StringComparison.Ordinal))
            .ToDictionary(StringComparer.Ordinal);
        var overTime = PipelineStages.OfClick.ToDictionary(
            PipelineStages.Name,
            stage => (IReadOnlyList<double[]>)[.. clicks.OverTime(stage, plan.Origin, TimeSpan.FromSeconds(1)).Select(p => new[] { p.Second, p.Latency.P50Ms, p.Latency.P99Ms, p.Latency.Count })],
            StringComparer.Ordinal);
        var result = new RateResult(
            run, rate, driven.TotalSeconds, traffic.Produced, clicks.Clicks, achieved, loadStart, LoadAverage(), cpuSeconds / seconds,
            floorFigures, stages, [.. RefinedWithin.Select(clicks.Refined)], drainSeconds,
            lag.Count == 0 ? new Dictionary<string, long>() : lag[^1].Groups, lag, skipped, observer.Gaps - gapsBefore, handlers,
            counterDeltas, histogramDeltas, overTime);
        PrintRate(result);
        return result;
    }

    /// <summary>Samples consumer lag every second, printing progress every five, until <paramref name="done"/>.</summary>
    private static async Task SampleAsync(
        Plan plan, string run, PipelineInstruments instruments, PipelineObserver observer, LatencyJoin clicks, List<LagSample> lag, Func<bool> done, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (!done() && await timer.WaitForNextTickAsync(ct))
        {
            var second = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - plan.Origin) / 1000.0;
            lag.Add(new LagSample(Math.Round(second), instruments.SampleLag()));
            if (lag.Count % 5 == 0)
            {
                var reached = string.Join(", ", PipelineStages.OfClick.Select(s => $"{PipelineStages.Name(s)} {clicks.Stage(s).Reached:N0}"));
                var lags = string.Join(", ", lag[^1].Groups.Where(g => g.Value > 0).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Value:N0}"));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {second,6:0} s {run}: clicks {clicks.Clicks:N0}; {reached}; lag {lags}; observer lag {observer.Lag:N0}; load {LoadAverage()}"));
            }
        }
    }

    private static StageResult WithFloor(StageFigures stage, StageFigures floor) => new(
        stage.Stage, stage.Hops, stage.Reached, stage.Share, stage.Unmatched, stage.Latency,
        stage.Latency.P50Ms / floor.Latency.P50Ms,
        stage.Latency.P99Ms / floor.Latency.P99Ms,
        stage.Latency.P99Ms / (floor.Latency.P99Ms * stage.Hops));

    private static Dictionary<string, long> Deltas(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        after.Select(kv => (kv.Key, Value: kv.Value - before.GetValueOrDefault(kv.Key)))
            .Where(kv => kv.Value != 0)
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    private static void PrintRate(RateResult rate)
    {
        var invariant = CultureInfo.InvariantCulture;
        Console.Error.WriteLine(string.Create(invariant,
            $"{rate.Run}: {rate.AchievedClicksPerSecond:N0} clicks/s achieved ({rate.Clicks:N0} clicks), process CPU {rate.ProcessCpuCores:0.00} cores, drained in {rate.DrainSeconds:0} s, floor p50 {rate.Floor.Latency.P50Ms:0} / p99 {rate.Floor.Latency.P99Ms:0} ms"));
    }

    private static void Print(PipelineBenchResult result)
    {
        var invariant = CultureInfo.InvariantCulture;
        Console.WriteLine($"bench pipeline: {result.Data}; {result.Served}; {result.Cores} cores, load average {result.LoadAverageStart} → {result.LoadAverageEnd}");
        Console.WriteLine(string.Create(invariant, $"floor idle: p50 {result.IdleFloor.Latency.P50Ms:0} ms, p99 {result.IdleFloor.Latency.P99Ms:0} ms ({result.IdleFloor.Reached} probes)"));
        foreach (var rate in result.Rates)
        {
            var target = rate.TargetClicksPerSecond is { } t ? t.ToString("N0", invariant) + "/s" : "max";
            Console.WriteLine(string.Create(invariant,
                $"{target}: achieved {rate.AchievedClicksPerSecond:N0} clicks/s; floor p50/p99 {rate.Floor.Latency.P50Ms:0}/{rate.Floor.Latency.P99Ms:0} ms; lost to retention {rate.OffsetsSkipped.Values.Sum():N0} (observer {rate.ObserverGaps:N0}); load {rate.LoadAverageStart}"));
            Console.WriteLine("  stage             reached   p50 ms   p90 ms   p99 ms  p99.9 ms  p99/floor");
            foreach (var stage in rate.Stages)
            {
                Console.WriteLine(string.Create(invariant,
                    $"  {stage.Stage,-16} {stage.Share,7:P0} {stage.Latency.P50Ms,8:0} {stage.Latency.P90Ms,8:0} {stage.Latency.P99Ms,8:0} {stage.Latency.P999Ms,9:0} {stage.P99OverFloor,10:0.0}"));
            }

            Console.WriteLine("  " + string.Join("; ", rate.Refined.Select(r => string.Create(invariant,
                $"sessions (>= 2 clicks) refined within {r.WithinSeconds:0} s: {r.SessionShare:P0} of {r.Sessions:N0} (clicks 2+: {r.UpdateShare:P0})"))));
        }
    }

    /// <summary>Latency per stage by rate (p50, p99), p99 per stage over click time, and consumer lag over time.</summary>
    private static string Plot(PipelineBenchResult result)
    {
        var byRateP50 = new SvgLineChart("p50 click-to-stage latency by rate", "clicks/s achieved", "ms");
        var byRateP99 = new SvgLineChart("p99 click-to-stage latency by rate", "clicks/s achieved", "ms");
        foreach (var stage in PipelineStages.OfClick.Select(PipelineStages.Name))
        {
            var points = result.Rates.Select(r => (r.AchievedClicksPerSecond, r.Stages.Single(s => s.Stage == stage).Latency)).Where(p => p.Latency.Count > 0).ToList();
            byRateP50.Add(stage, [.. points.Select(p => (p.AchievedClicksPerSecond, p.Latency.P50Ms))]);
            byRateP99.Add(stage, [.. points.Select(p => (p.AchievedClicksPerSecond, p.Latency.P99Ms))]);
        }

        byRateP50.Add("floor", [.. result.Rates.Select(r => (r.AchievedClicksPerSecond, r.Floor.Latency.P50Ms))]);
        byRateP99.Add("floor", [.. result.Rates.Select(r => (r.AchievedClicksPerSecond, r.Floor.Latency.P99Ms))]);
        var lag = new SvgLineChart("Consumer lag (messages) over time", "seconds since start", "messages");
        // Groups that ever lagged, named without their per-process suffix.
        var samples = result.Rates.SelectMany(r => r.Lag).ToList();
        foreach (var group in samples.SelectMany(s => s.Groups).Where(g => g.Value > 0).Select(g => g.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            lag.Add(ProcessSuffix().Replace(group, string.Empty), [.. samples.Select(s => (s.Second, (double)s.Groups.GetValueOrDefault(group)))]);
        }

        var overTime = new SvgLineChart("p99 click-to-stage latency per second of click time", "seconds since start", "ms");
        foreach (var stage in PipelineStages.OfClick.Select(PipelineStages.Name))
        {
            overTime.Add(stage, [.. result.Rates.SelectMany(r => r.LatencyOverTime[stage]).Select(p => (p[0], p[2]))]);
        }

        return SvgLineChart.Document([byRateP50, byRateP99, overTime, lag]);
    }

    [GeneratedRegex("-[0-9a-f]{32}$")]
    private static partial Regex ProcessSuffix();

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>What one invocation runs.</summary>
    private sealed class Plan(IReadOnlyList<int?> rates, TimeSpan duration, TimeSpan drain, TimeSpan clickGap, int floorRate, int partitions, UpDataset data, string command)
    {
        public IReadOnlyList<int?> Rates { get; } = rates;

        public TimeSpan Duration { get; } = duration;

        public TimeSpan Drain { get; } = drain;

        public TimeSpan ClickGap { get; } = clickGap;

        public int FloorRate { get; } = floorRate;

        public int Partitions { get; } = partitions;

        public UpDataset Data { get; } = data;

        public string Command { get; } = command;

        /// <summary>Unix ms when driving started: x = 0 of the plots over time.</summary>
        public long Origin { get; set; }
    }
}
