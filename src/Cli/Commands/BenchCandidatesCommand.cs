using System.CommandLine;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Confluent.Kafka;
using Streaming.Candidates;
using Streaming.Core.Contracts;
using Streaming.Messaging;
using Streaming.ServiceDefaults;

namespace Streaming.Cli.Commands;

/// <summary>
/// <c>streaming bench candidates</c>: the Candidates worker at full speed. Replays a dataset into the embedded Kafka, lets
/// the Ingest worker turn it into live sessions and <c>session-updates</c>, then starts the Candidates worker alone on
/// that backlog (after its model is loaded) and prints session updates handled per second, candidate lists per
/// second, and where the handler's time went (ONNX Runtime vs the rest: Redis, graphs, JSON, producing).
/// </summary>
internal static class BenchCandidatesCommand
{
    public static Command Create()
    {
        var command = new Command("candidates", "Candidates throughput on a backlog of session updates: updates/s, lists/s, ONNX share.");
        var source = new DatasetsSourceOptions();
        source.AddTo(command);
        var limit = ReplayCommand.LimitOption();
        var registry = new Option<string>("--registry") { Description = "Model registry with a published candidate graph (streaming models publish).", Required = true };
        var threads = new Option<int>("--intra-op-threads") { Description = "ONNX Runtime intra-op threads (Candidates:IntraOpThreads).", DefaultValueFactory = _ => 1 };
        command.Options.Add(limit);
        command.Options.Add(registry);
        command.Options.Add(threads);
        command.SetAction(async (parse, ct) =>
        {
            await using var stack = EmbeddedStack.Start(brokers: 1, partitions: 12, redisPort: 0, persistDirectory: null);
            Console.Error.WriteLine($"kafka mock cluster at {stack.Kafka.BootstrapServers}; Garnet (embedded); {Environment.ProcessorCount} cores, load average {LoadAverage()}");
            ReplayResult? replay = null;
            var code = await ReplayCommand.ExecuteAsync(
                parse, source, Topics.Clicks, ReplaySpeed.Max, parse.GetValue(limit), () => ReplayProducer.Create(stack.Kafka.BootstrapServers), ct, r => replay = r);
            if (code != 0 || replay is null)
            {
                return code;
            }

            var settings = new Dictionary<string, string?>(stack.WorkerSettings)
            {
                ["Candidates:RegistryPath"] = parse.GetValue(registry),
                ["Candidates:IntraOpThreads"] = parse.GetValue(threads).ToString(CultureInfo.InvariantCulture),
            };
            var updates = await IngestAsync(stack, settings, ct);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ingest: {replay.Events:N0} clicks became {updates:N0} session updates"));

            using var counts = new CandidatesCounts();
            using var host = WorkerHost.Build(["candidates"], ["--Logging:LogLevel:Default=Warning"], settings);
            await host.StartAsync(ct);
            await Readiness.WaitAsync(host.Services, ct);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var lastReport = TimeSpan.Zero;
            while (counts.Handled < updates)
            {
                await Task.Delay(20, ct);
                if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(2))
                {
                    lastReport = clock.Elapsed;
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {clock.Elapsed.TotalSeconds,5:0.0} s  handled {counts.Handled:N0}/{updates:N0} ({counts.Handled / clock.Elapsed.TotalSeconds:N0} updates/s)"));
                }
            }

            var elapsed = clock.Elapsed;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            await host.StopAsync(ct);
            counts.Report(replay, updates, elapsed, cpu, parse.GetValue(threads));
            return 0;
        });
        return command;
    }

    /// <summary>Runs the Ingest worker until the session-updates log stops growing; returns its length.</summary>
    private static async Task<long> IngestAsync(EmbeddedStack stack, IReadOnlyDictionary<string, string?> settings, CancellationToken ct)
    {
        using var host = WorkerHost.Build(["ingest"], ["--Logging:LogLevel:Default=Warning"], settings);
        await host.StartAsync(ct);
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = stack.Kafka.BootstrapServers, GroupId = "bench-watermarks" }).Build();
        long length = -1;
        var stableSince = Stopwatch.StartNew();
        while (true)
        {
            await Task.Delay(500, ct);
            var now = Enumerable.Range(0, 12).Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(Topics.SessionUpdates, p), TimeSpan.FromSeconds(10)).High.Value);
            if (now != length || now == 0)
            {
                length = now;
                stableSince.Restart();
            }
            else if (stableSince.Elapsed >= TimeSpan.FromSeconds(3))
            {
                break;
            }
        }

        await host.StopAsync(ct);
        return length;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>The Candidates worker's own instruments, read with a listener: updates handled, lists, skips by reason, times.</summary>
    private sealed class CandidatesCounts : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _skipped = new(StringComparer.Ordinal);
        private readonly Lock _gate = new();
        private long _generated;
        private long _skippedTotal;
        private long _batches;
        private double _inferenceMs;
        private double _handlerSeconds;
        private long _inferences;
        private readonly Dictionary<string, double> _stageMs = new(StringComparer.Ordinal);

        public CandidatesCounts()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == CandidatesMetrics.MeterName || instrument.Name == MessagingMetrics.BatchDurationName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                if (instrument.Name == "streaming.candidates.generated")
                {
                    Interlocked.Add(ref _generated, value);
                }
                else if (instrument.Name == "streaming.candidates.skipped")
                {
                    var reason = "?";
                    foreach (var tag in tags)
                    {
                        reason = tag.Key == "reason" ? tag.Value as string ?? "?" : reason;
                    }

                    lock (_gate)
                    {
                        _skipped[reason] = _skipped.GetValueOrDefault(reason) + value;
                    }

                    Interlocked.Add(ref _skippedTotal, value);
                }
            });
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            {
                lock (_gate)
                {
                    if (instrument.Name == "streaming.candidates.stage.duration")
                    {
                        foreach (var tag in tags)
                        {
                            if (tag.Key == "stage" && tag.Value is string stage)
                            {
                                _stageMs[stage] = _stageMs.GetValueOrDefault(stage) + value;
                            }
                        }
                    }
                    else if (instrument.Name == MessagingMetrics.BatchDurationName)
                    {
                        _batches++;
                        _handlerSeconds += value;
                    }
                    else if (instrument.Name == "streaming.candidates.inference.duration")
                    {
                        _inferences++;
                        _inferenceMs += value;
                    }
                }
            });
            _listener.Start();
        }

        /// <summary>Every session update ends as a list or a skip (coalesced, session-missing, ...).</summary>
        public long Handled => Interlocked.Read(ref _generated) + Interlocked.Read(ref _skippedTotal);

        public void Report(ReplayResult replay, long updates, TimeSpan elapsed, TimeSpan cpu, int threads)
        {
            var invariant = CultureInfo.InvariantCulture;
            lock (_gate)
            {
                var seconds = elapsed.TotalSeconds;
                Console.WriteLine(string.Create(invariant, $"bench candidates: {replay.Events:N0} clicks, {replay.Sessions:N0} sessions, {updates:N0} session updates; ONNX Runtime {threads} intra-op thread(s); load average {LoadAverage()}"));
                Console.WriteLine(string.Create(invariant, $"  sessions      {updates / seconds:N0} updates/s handled ({seconds:0.00} s from ready to the last update handled)"));
                Console.WriteLine(string.Create(invariant, $"  cpu           {cpu.TotalSeconds:0.00} s of process CPU time = {updates / cpu.TotalSeconds:N0} updates per CPU second (on a loaded machine the wall-clock rate is lower than the CPU allows)"));
                Console.WriteLine(string.Create(invariant, $"  lists         {_generated / seconds:N0} candidate lists/s ({_generated:N0} published)"));
                Console.WriteLine(string.Create(invariant, $"  skipped       {string.Join(", ", _skipped.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Value:N0}"))}"));
                Console.WriteLine(string.Create(invariant, $"  batches       {_batches:N0} handler calls (mean {(_batches == 0 ? 0 : updates / (double)_batches):0} updates), handler busy {_handlerSeconds:0.00} s = {100 * _handlerSeconds / seconds:0} % of the run"));
                Console.WriteLine(string.Create(invariant, $"  onnx          {_inferenceMs / 1000:0.00} s in {_inferences:N0} runs (mean {(_inferences == 0 ? 0 : _inferenceMs / _inferences):0.0} ms) = {_inferenceMs / 10 / Math.Max(1e-9, _handlerSeconds):0} % of the handler's time"));
                foreach (var (stage, ms) in _stageMs.OrderBy(s => s.Key, StringComparer.Ordinal))
                {
                    Console.WriteLine(string.Create(invariant, $"  {stage,-13} {ms / 1000:0.00} s = {ms / 10 / Math.Max(1e-9, _handlerSeconds):0} % of the handler's time"));
                }
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
