using System.CommandLine;
using Streaming.Core.Datasets.PaperSplits;
using Streaming.IntentWorker;
using Streaming.IntentWorker.Batch;
using Streaming.IntentWorker.Providers;

namespace Streaming.Cli.Commands;

/// <summary>
/// <c>streaming intents precompute</c>: runs the IntentWorker's inference (same prompt, provider, grounding, encoder)
/// over every sample of a paper split and writes the per-sample explicit/latent vectors the trainer consumes.
/// Resumable (rerun with the same --out), with progress on stderr. LLM settings come from the environment
/// (<c>IntentWorker__Llm__Endpoint</c>, <c>__Model</c>, <c>__ApiKey</c>, …), as for the worker.
/// </summary>
internal static class IntentsPrecomputeCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = $"Data directory root (paper-splits/ inside). Default: ${DatasetsDataDirectory.EnvironmentVariable}." };
        var dataset = new Option<string>("--dataset") { Description = "Paper split: beauty or ml-1m.", DefaultValueFactory = _ => "beauty" };
        var samples = new Option<string>("--samples") { Description = "Which samples: test or train (train needs --candidates).", DefaultValueFactory = _ => "test" };
        var candidates = new Option<FileInfo?>("--candidates") { Description = "Candidate lists, line i for sample i, best first. Default for test: the split's candidates_test.tsv." };
        var output = new Option<FileInfo>("--out") { Description = "Output intent vector file (resumed when it exists).", Required = true };
        var provider = new Option<string>("--provider") { Description = "catalog (offline heuristic), openai-compatible or azure-openai.", DefaultValueFactory = _ => ProviderNames.Catalog };
        var limit = new Option<int>("--limit") { Description = "Only the first N samples (0: all)." };
        var concurrency = new Option<int>("--concurrency") { Description = "Samples inferred at once (LLM requests in flight).", DefaultValueFactory = _ => 4 };
        var titleCache = new Option<DirectoryInfo?>("--title-cache") { Description = "Directory that keeps catalog title vectors between runs." };
        var redis = new Option<string?>("--redis") { Description = "Redis configuration string for the LLM answer cache (none by default)." };
        var metadata = new Option<string>("--metadata") { Description = "auto: add genres/categories/brands from the source dataset's file next to the splits when present (the catalog heuristic relates items by them); none: titles only.", DefaultValueFactory = _ => "auto" };
        metadata.AcceptOnlyFromAmong("auto", "none");
        var command = new Command("precompute", "Intent vectors for every sample of a paper split, for training.")
        {
            dataDir, dataset, samples, candidates, output, provider, limit, concurrency, titleCache, redis, metadata,
        };
        command.SetAction(async (parse, ct) =>
        {
            var root = DatasetsDataDirectory.Resolve(parse.GetValue(dataDir));
            var which = parse.GetValue(samples)!;
            if (which is not ("test" or "train"))
            {
                await Console.Error.WriteLineAsync("--samples must be test or train");
                return 2;
            }

            PaperSplit split;
            try
            {
                split = PaperSplit.Load(root, parse.GetValue(dataset)!);
            }
            catch (Exception e) when (e is IOException or PaperSplitFormatException)
            {
                await Console.Error.WriteLineAsync($"streaming intents precompute: {e.Message}");
                return 2;
            }

            if (split.Items is null)
            {
                await Console.Error.WriteLineAsync($"{PaperSplit.DirectoryOf(root, split.Dataset)} has no {PaperSplit.ItemMapFile}: the prompts need the titles");
                return 2;
            }

            IReadOnlyList<int[]>? lists = which == "test" ? split.TestCandidates : null;
            if (parse.GetValue(candidates) is { } candidatesFile)
            {
                try
                {
                    using var reader = candidatesFile.OpenText();
                    lists = PaperSplitReader.ReadCandidates(reader, candidatesFile.FullName, split.ItemCount);
                }
                catch (Exception e) when (e is IOException or PaperSplitFormatException)
                {
                    await Console.Error.WriteLineAsync($"streaming intents precompute: {e.Message}");
                    return 2;
                }
            }

            if (lists is null)
            {
                await Console.Error.WriteLineAsync(which == "test"
                    ? $"no {PaperSplit.CandidatesFile} in the split: pass --candidates"
                    : "the released splits have no train candidate lists: generate them with 'streaming evaluate --model DIR --write-candidates OUT' and pass --candidates");
                return 2;
            }

            var sessions = (which == "test" ? split.Test : split.Train).Select(s => s.Items).ToList();
            if (lists.Count != sessions.Count)
            {
                await Console.Error.WriteLineAsync($"{lists.Count} candidate lists for {sessions.Count} {which} samples: line i of the candidates belongs to sample i");
                return 2;
            }

            var count = parse.GetValue(limit) is > 0 and var n ? Math.Min(n, sessions.Count) : sessions.Count;
            var source = parse.GetValue(metadata) == "auto" ? IntentsSourceMetadata.Load(root, split.Dataset) : null;
            var catalog = PaperCatalog.Build(split.Items, source?.BySourceId);
            await Console.Error.WriteLineAsync(source is { } found
                ? $"item metadata (genres/categories/brands) from {found.Path}: {split.Items.Count(i => found.BySourceId.ContainsKey(i.SourceId))}/{split.Items.Count} items matched"
                : "item metadata: titles only");
            var options = new IntentWorkerOptions { Provider = parse.GetValue(provider)!, TitleCacheDirectory = parse.GetValue(titleCache)?.FullName };
            await Console.Error.WriteLineAsync($"{catalog.Count} items, {count} {which} samples; provider {options.Provider}; encoding catalog titles…");
            var summary = await IntentPrecomputeRunner.RunAsync(
                catalog, options, sessions.GetRange(0, count), [.. lists.Take(count)], parse.GetValue(output)!.FullName, parse.GetValue(concurrency), parse.GetValue(redis), Console.Error, ct);
            var done = summary.Done;
            Console.WriteLine($"wrote {done.Total} samples to {parse.GetValue(output)!.FullName} ({done.Resumed} resumed); " +
                $"{done.WithIntents} new with intents; {summary.SamplesPerSecond:F0} samples/s; dropped (not a candidate) {summary.DroppedNotACandidate}; " +
                $"failed {summary.FailedWithoutGroundedIntents} without grounded intents");
            return 0;
        });
        return command;
    }
}
