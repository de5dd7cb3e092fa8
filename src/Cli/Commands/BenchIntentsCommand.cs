using System.CommandLine;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Streaming.Core.Catalog;
using Streaming.Core.Datasets.PaperSplits;
using Streaming.IntentWorker;
using Streaming.IntentWorker.Batch;
using Streaming.Serving.Embeddings;
using Streaming.ServiceDefaults;
using Streaming.IntentWorker.Grounding;
using Streaming.IntentWorker.Providers;

namespace Streaming.Cli.Commands;

/// <summary>
/// <c>streaming bench intents</c>: encoder cost per catalog title (batched and one at a time) and intents/s of the
/// whole inference (prompt, catalog heuristic, grounding, vectors from the title cache) over a paper split's test
/// samples and their released candidate lists.
/// </summary>
internal static class BenchIntentsCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = $"Data directory root (paper-splits/ inside). Default: ${DatasetsDataDirectory.EnvironmentVariable}." };
        var dataset = new Option<string>("--dataset") { Description = "Paper split: beauty or ml-1m.", DefaultValueFactory = _ => "beauty" };
        var titles = new Option<int>("--titles") { Description = "Catalog titles encoded for the batched figure.", DefaultValueFactory = _ => 2000 };
        var single = new Option<int>("--single") { Description = "Titles encoded one at a time for the latency figure.", DefaultValueFactory = _ => 200 };
        var samples = new Option<int>("--samples") { Description = "Test samples inferred for the intents/s figure (0: all).", DefaultValueFactory = _ => 5000 };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (0: one per core)." };
        var titleCache = new Option<DirectoryInfo?>("--title-cache") { Description = "Directory that keeps catalog title vectors between runs." };
        var command = new Command("intents", "Encoder ms per title and intents/s with the catalog provider on a paper split.")
        {
            dataDir, dataset, titles, single, samples, threads, titleCache,
        };
        command.SetAction(async (parse, ct) =>
        {
            var split = PaperSplit.Load(DatasetsDataDirectory.Resolve(parse.GetValue(dataDir)), parse.GetValue(dataset)!);
            var catalog = PaperCatalog.Build(split.Items ?? throw new FileNotFoundException($"the {split.Dataset} split has no {PaperSplit.ItemMapFile}"), null);
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()} (other processes share the cores)");

            var encoderOptions = new EncoderOptions { IntraOpThreads = parse.GetValue(threads) };
            var clock = Stopwatch.StartNew();
            using (var encoder = SentenceEncoder.Create(encoderOptions))
            {
                Console.WriteLine($"encoder: {encoder.ModelId}, {encoder.Dimension}-d, loaded in {clock.Elapsed.TotalMilliseconds:F0} ms");
                var texts = catalog.Items.Where(i => i.Title is not null).Select(i => i.Title!).ToArray();
                encoder.Encode(texts.Take(32).ToArray());

                var batch = texts.Take(Math.Max(1, parse.GetValue(titles))).ToArray();
                clock.Restart();
                encoder.Encode(batch);
                var batched = clock.Elapsed.TotalMilliseconds / batch.Length;
                Console.WriteLine($"encoder, batches of {encoderOptions.BatchSize}: {batched:F2} ms per title over {batch.Length} titles ({1000 / batched:F0} titles/s)");

                var latencies = texts.Skip(batch.Length).Take(Math.Max(1, parse.GetValue(single))).Select(text =>
                {
                    var started = Stopwatch.GetTimestamp();
                    encoder.Encode(text);
                    return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }).Order().ToArray();
                Console.WriteLine($"encoder, one title at a time: p50 {Percentile(latencies, 0.5):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms over {latencies.Length} titles");
            }

            await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
            using var telemetry = new TelemetryReader(services.GetRequiredService<IMeterFactory>());
            using var metrics = new IntentMetrics(services.GetRequiredService<IMeterFactory>());
            var options = new IntentWorkerOptions { Provider = ProviderNames.Catalog, TitleCacheDirectory = parse.GetValue(titleCache)?.FullName };
            clock.Restart();
            var lastReport = Stopwatch.StartNew();
            var titleProgress = new Progress<int>(done =>
            {
                if (lastReport.Elapsed >= TimeSpan.FromSeconds(5))
                {
                    lastReport.Restart();
                    Console.Error.WriteLine($"  title vectors: {done}/{catalog.Count}");
                }
            });
            var (cachedEncoder, inference) = IntentInferenceFactory.Create(
                catalog, options, new LlmOptions(), encoderOptions, new GroundingOptions(), null, metrics, NullLogger.Instance, TimeProvider.System, titleProgress);
            using (cachedEncoder)
            {
                Console.WriteLine($"title vector cache: {catalog.Count} items ready in {clock.Elapsed.TotalSeconds:F1} s");
                var sessions = split.Test.Select(s => s.Items).ToList();
                var lists = split.TestCandidates ?? throw new FileNotFoundException($"the {split.Dataset} split has no {PaperSplit.CandidatesFile}");
                var count = parse.GetValue(samples) is > 0 and var n ? Math.Min(n, sessions.Count) : sessions.Count;
                var withIntents = 0;
                clock.Restart();
                for (var i = 0; i < count; i++)
                {
                    var outcome = await inference.InferAsync(Items(catalog, sessions[i]), Items(catalog, lists[i]), ct);
                    withIntents += outcome.HasIntents ? 1 : 0;
                }

                var seconds = clock.Elapsed.TotalSeconds;
                Console.WriteLine(
                    $"intents, catalog provider, one thread: {count / seconds:F0} samples/s over {count} test samples " +
                    $"({withIntents} with intents, {telemetry.Total(IntentMetrics.DroppedName, ("kind", IntentMetrics.NotACandidate))} intents dropped)");

                // The LLM answer cache's key over a replay of every test sample in order: a sample hits when an earlier
                // one had the same items and candidates (what the Redis cache would serve; no LLM is called here).
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var hits = 0;
                var keyed = new ChatIntentProvider(null!, ProviderNames.OpenAICompatible, "any-model", new LlmOptions());
                for (var i = 0; i < sessions.Count; i++)
                {
                    var key = AnswerCacheKey.For(keyed, inference.PromptVersion, Items(catalog, sessions[i]).Select(x => x.ExternalId), Items(catalog, lists[i]).Select(x => x.ExternalId));
                    hits += seen.Add(key) ? 0 : 1;
                }

                Console.WriteLine($"answer cache over a replay of all {sessions.Count} test samples: {hits} hits ({100.0 * hits / Math.Max(1, sessions.Count):F1} %)");
            }

            return 0;
        });
        return command;
    }

    private static CatalogItem[] Items(ItemCatalog catalog, int[] ids) =>
        [.. ids.Select(id => catalog.IndexOf(id.ToString(CultureInfo.InvariantCulture))).Where(i => i != ItemCatalog.PaddingIndex).Select(i => catalog[i])];

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
