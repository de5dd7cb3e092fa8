using System.CommandLine;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Candidates;
using Streaming.Core.Catalog;
using Streaming.Core.Contracts;
using Streaming.Core.Datasets.PaperSplits;
using Streaming.Core.Models;
using Streaming.Evaluator;
using Streaming.Ingest;
using Streaming.Messaging;
using Streaming.ServiceDefaults;
using Streaming.Trainer.Training;

namespace Streaming.Cli.Commands;

/// <summary>
/// <c>streaming bench live-accuracy</c>: replays a paper split's test samples through the live path (Ingest, live
/// graphs in Redis, the Candidates worker serving a published version on ONNX Runtime, the evaluator) and prints the
/// evaluator's candidate-list HR@20/MRR@20, to set beside <c>streaming evaluate</c> of the same model on the same samples.
/// </summary>
/// <remarks>
/// One test sample (prefix → target) becomes one live session: its prefix is replayed and applied first, only then is
/// the Candidates worker started, so each session gets its candidate list for exactly the prefix (the newest state is
/// always what Candidates reads); then the targets are replayed, and the evaluator scores each list against its target.
/// </remarks>
internal static class BenchLiveAccuracyCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "Paper split: ml-1m or beauty.", DefaultValueFactory = _ => "ml-1m" };
        var dataDir = new Option<string?>("--data-dir") { Description = $"Directory containing paper-splits/ (default: ${PaperRunOptions.DataDirectoryVariable})." };
        var registry = new Option<string>("--registry") { Description = "Model registry whose newest version Candidates serves (streaming models publish).", Required = true };
        var limit = new Option<int?>("--limit") { Description = "Replay only the first N test samples." };
        var timeout = new Option<TimeSpan>("--timeout") { Description = "Give up waiting for a phase after this long.", DefaultValueFactory = _ => TimeSpan.FromMinutes(10) };
        var command = new Command("live-accuracy", "Live candidate-list accuracy on a paper split's test samples replayed through the pipeline, for comparison with 'streaming evaluate'.")
        {
            dataset, dataDir, registry, limit, timeout,
        };
        command.SetAction(async (parse, ct) =>
        {
            var root = parse.GetValue(dataDir) ?? Environment.GetEnvironmentVariable(PaperRunOptions.DataDirectoryVariable)
                ?? throw new InvalidOperationException($"pass --data-dir or set {PaperRunOptions.DataDirectoryVariable}");
            var split = PaperSplit.Load(root, parse.GetValue(dataset)!);
            var samples = split.Test.Take(parse.GetValue(limit) ?? int.MaxValue).ToList();
            var registryPath = parse.GetValue(registry)!;
            var version = new ModelRegistry(registryPath).Latest() ?? throw new InvalidOperationException($"no model version in {registryPath}");
            var external = ExternalIds(split, ItemCatalog.Load(version.CatalogPath));
            return await RunAsync(samples, external, registryPath, version.Version, parse.GetValue(timeout), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(
        List<PaperSample> samples, Func<int, string> external, string registry, string modelVersion, TimeSpan timeout, CancellationToken ct)
    {
        await using var stack = EmbeddedStack.Start(brokers: 1, partitions: 12, redisPort: 0, persistDirectory: null);
        var settings = new Dictionary<string, string?>(stack.WorkerSettings)
        {
            // Whole prefixes, as offline evaluation sees them (the live default keeps the last 50 clicks).
            ["Ingest:MaxSessionLength"] = "200",
            ["Evaluator:Dashboard"] = "false",
            ["Evaluator:SessionTtl"] = "01:00:00",
            ["Candidates:RegistryPath"] = registry,
        };
        string[] quiet = ["--Logging:LogLevel:Default=Warning"];
        using var front = WorkerHost.Build(["ingest", "evaluator"], quiet, settings);
        var frontTelemetry = front.Services.GetRequiredService<TelemetryReader>();
        await front.StartAsync(ct);
        var producer = front.Services.GetRequiredService<EventProducer>();
        var evaluator = front.Services.GetRequiredService<PrequentialEvaluator>();
        var traffic = front.Services.GetRequiredService<StageTraffic>();
        var longest = samples.Max(s => s.Items.Length);
        var truncated = samples.Count(s => s.Items.Length > 200);
        Console.Error.WriteLine($"{samples.Count} test samples (prefix length up to {longest}; {truncated} longer than the live window of 200), model {modelVersion}");

        var started = DateTimeOffset.UtcNow;
        var prefixClicks = 0;
        for (var i = 0; i < samples.Count; i++)
        {
            foreach (var item in samples[i].Items)
            {
                Produce(producer, Session(i), external(item), started, ++prefixClicks);
            }
        }

        await producer.FlushAsync(ct);
        await WaitAsync(() => frontTelemetry.Total(IngestMetrics.AppliedName) >= prefixClicks, $"Ingest applied {prefixClicks} prefix clicks", timeout, ct);

        using var candidates = WorkerHost.Build(["candidates"], quiet, settings);
        var candidatesTelemetry = candidates.Services.GetRequiredService<TelemetryReader>();
        await candidates.StartAsync(ct);
        long Generated() => candidatesTelemetry.Total(CandidatesMetrics.GeneratedName);
        await WaitAsync(
            () => Generated() + candidatesTelemetry.Total(CandidatesMetrics.SkippedName) >= prefixClicks && traffic.Count(Stage.Candidates) >= Generated(),
            "Candidates answered every prefix and the evaluator read the lists",
            timeout,
            ct);
        var lists = Generated();

        for (var i = 0; i < samples.Count; i++)
        {
            Produce(producer, Session(i), external(samples[i].Target), started.AddSeconds(1), prefixClicks + i + 1);
        }

        await producer.FlushAsync(ct);
        await WaitAsync(() => traffic.Count(Stage.SessionUpdates) >= prefixClicks + samples.Count, "the evaluator read every target click", timeout, ct);

        var figures = evaluator.Accuracy(AnswerKind.Candidates, total: true);
        var scored = figures.Samples;
        Console.WriteLine($"samples replayed                       {samples.Count}");
        Console.WriteLine($"candidate lists published              {lists} (one or more per session; repeats are not scored)");
        Console.WriteLine($"lists scored against their target      {scored} (late {evaluator.Outcomes(AnswerOutcome.Late, AnswerKind.Candidates)}, superseded {evaluator.Outcomes(AnswerOutcome.Superseded, AnswerKind.Candidates)}, repeated {evaluator.Outcomes(AnswerOutcome.Repeated, AnswerKind.Candidates)})");
        Console.WriteLine(FormattableString.Invariant($"live candidates HR@20 / MRR@20 (%)     {figures.HitRate20:F2} / {figures.Mrr20:F2}   over the {scored} scored samples"));
        // Offline evaluation counts every sample; a sample without a live list (no known item) is a miss there too.
        var factor = samples.Count == 0 ? 0 : (double)scored / samples.Count;
        Console.WriteLine(FormattableString.Invariant($"  over all {samples.Count} samples           {figures.HitRate20 * factor:F2} / {figures.Mrr20 * factor:F2}   (compare: streaming evaluate --dataset … --model DIR)"));
        Console.WriteLine(FormattableString.Invariant($"live HR@10 / MRR@10 / NDCG@20 (%)      {figures.HitRate10:F2} / {figures.Mrr10:F2} / {figures.Ndcg20:F2}"));
        await candidates.StopAsync(ct);
        await front.StopAsync(ct);
        return scored == samples.Count ? 0 : 1;
    }

    private static string Session(int sample) => "test-" + sample.ToString(CultureInfo.InvariantCulture);

    private static void Produce(EventProducer producer, string session, string item, DateTimeOffset time, int number)
    {
        var click = new ClickEvent(session, item, time, "e" + number.ToString(CultureInfo.InvariantCulture));
        producer.Produce(Topics.Clicks, new Message<string?, byte[]> { Key = session, Value = ClickEventWriter.Write(click) });
    }

    // The published catalog names items by paper id, or by the source dataset's id (the item map's ASIN / MovieID).
    private static Func<int, string> ExternalIds(PaperSplit split, ItemCatalog catalog)
    {
        if (catalog.TryGetIndex("1", out _) || split.Items is null)
        {
            return paperId => paperId.ToString(CultureInfo.InvariantCulture);
        }

        var source = split.Items.ToDictionary(item => item.PaperId, item => item.SourceId);
        return paperId => source[paperId];
    }

    private static async Task WaitAsync(Func<bool> done, string what, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"gave up waiting: {what}");
            }

            await Task.Delay(200, ct);
        }

        Console.Error.WriteLine($"done: {what}");
    }
}
