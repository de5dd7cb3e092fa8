using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Streaming.Core.Datasets.PaperSplits;
using Streaming.Core.Evaluation;
using Streaming.Core.Models;
using Streaming.IntentWorker;
using Streaming.IntentWorker.Batch;
using Streaming.Trainer.Registry;
using Streaming.Trainer.Training;

namespace Streaming.Cli.Bootstrap;

/// <summary>
/// Makes a registry serve from the start: the same steps a user runs by hand (README, Trainer README) through the same
/// code — <c>train --model srgnn</c>, its top-50 lists for every sample (<c>evaluate --write-candidates</c>), intent
/// vectors from the configured provider (<c>intents precompute</c>), <c>train --model dmsrec</c> with them, and
/// <c>models publish --candidates</c> — then measures the published candidate generator against popularity on the
/// held-out samples, so the printed result says whether the model learned anything.
/// </summary>
internal static class ModelBootstrap
{
    private const int CandidateListLength = 50;

    public static async Task<BootstrapResult> PublishAsync(BootstrapRequest request, string registryPath, string workDirectory, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        var clock = Stopwatch.StartNew();
        var split = PaperSplit.Load(request.DataRoot, request.Dataset);
        var items = split.Items ?? throw new InvalidDataException($"{PaperSplit.DirectoryOf(request.DataRoot, request.Dataset)} has no {PaperSplit.ItemMapFile}: the intents and the catalog need the titles.");
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(log), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 140;
        var trainingSplit = TrainingSplit.FromPaper(split);
        var srgnn = Path.Combine(workDirectory, "srgnn");
        var dmsrec = Path.Combine(workDirectory, "dmsrec");

        await log.WriteLineAsync($"bootstrap 1/4: SR-GNN on {request.Dataset} ({split.Train.Count} train / {split.Test.Count} test samples, {split.ItemCount} items), {request.SrGnnEpochs} epochs");
        var candidateReport = await PaperRun.RunAsync(Options(request, ModelDirectory.SrGnnModel, request.SrGnnEpochs, srgnn), trainingSplit, console, cancellationToken);

        await log.WriteLineAsync($"bootstrap 2/4: top-{CandidateListLength} candidate lists of every sample");
        var (trainLists, testLists) = await Task.Run(() => CandidateLists(srgnn, split, cancellationToken), cancellationToken);

        await log.WriteLineAsync($"bootstrap 3/4: intents from the '{request.IntentProvider}' provider{(request.IntentProvider == "catalog" ? " (a heuristic over categories, brands and titles, not a language model)" : string.Empty)}");
        var promptCatalog = PaperCatalog.Build(items, request.Metadata);
        var intentOptions = new IntentWorkerOptions { Provider = request.IntentProvider };
        var trainIntents = Path.Combine(workDirectory, "intents-train.int");
        var testIntents = Path.Combine(workDirectory, "intents-test.int");
        await IntentPrecomputeRunner.RunAsync(promptCatalog, intentOptions, [.. split.Train.Select(s => s.Items)], trainLists, trainIntents, 4, null, log, cancellationToken);
        await IntentPrecomputeRunner.RunAsync(promptCatalog, intentOptions, [.. split.Test.Select(s => s.Items)], testLists, testIntents, 4, null, log, cancellationToken);

        await log.WriteLineAsync($"bootstrap 4/4: the fused LLM-DMsRec ranker, {request.DmsRecEpochs} epochs");
        var fused = Options(request, ModelDirectory.DmsRecModel, request.DmsRecEpochs, dmsrec);
        fused.DmsRec.IntentsTrainPath = trainIntents;
        fused.DmsRec.IntentsTestPath = testIntents;
        var rankerReport = await PaperRun.RunAsync(fused, trainingSplit, console, cancellationToken);

        // Served in the source's ids (synthetic ids, MovieIDs, ASINs), with the metadata the IntentWorker relates items by.
        var catalog = PaperSplitCatalog.Build(items, request.Metadata);
        var version = await Task.Run(
            () => ModelDirectoryPublisher.Publish(dmsrec, new ModelRegistry(registryPath), _ => catalog, request.TopK, srgnn),
            cancellationToken);
        var popularity = Popularity(split);
        return new BootstrapResult(
            version.Manifest.Version,
            Metric(candidateReport, "HR@20"),
            Metric(candidateReport, "MRR@20"),
            Metric(rankerReport, "HR@20"),
            Metric(rankerReport, "MRR@20"),
            100 * popularity.HitRate(20),
            100 * popularity.Mrr(20),
            clock.Elapsed);
    }

    private static PaperRunOptions Options(BootstrapRequest request, string model, int epochs, string output) => new()
    {
        Dataset = request.Dataset,
        Model = model,
        OutputDirectory = output,
        Training = new TrainingOptions { Epochs = epochs, Seed = request.Seed, Threads = request.Threads },
    };

    private static (IReadOnlyList<int[]> Train, IReadOnlyList<int[]> Test) CandidateLists(string srgnnDirectory, PaperSplit split, CancellationToken cancellationToken)
    {
        var (model, _) = ModelDirectory.Load(srgnnDirectory);
        using (model)
        {
            var (train, _) = CandidateGenerator.Generate(model, split.Train, CandidateListLength, batchSize: 500, cancellationToken);
            var (test, _) = CandidateGenerator.Generate(model, split.Test, CandidateListLength, batchSize: 500, cancellationToken);
            return (train, test);
        }
    }

    /// <summary>The baseline every session model must beat: the 20 items most often clicked next in train, for every test sample.</summary>
    private static RankingAccumulator Popularity(PaperSplit split)
    {
        var top = split.Train.GroupBy(s => s.Target).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Take(20).Select(g => g.Key).ToArray();
        var accumulator = new RankingAccumulator([20]);
        foreach (var sample in split.Test)
        {
            accumulator.AddRankedList(top, sample.Target);
        }

        return accumulator;
    }

    // The epoch chosen on validation (what is published), on test.
    private static double Metric(TrainingReport report, string name) =>
        (report.Selected ?? report.Epochs[^1]).Test.TryGetValue(name, out var value) ? value : double.NaN;

    public static string Describe(BootstrapResult result) => string.Create(
        CultureInfo.InvariantCulture,
        $"held-out test samples: SR-GNN HR@20 {result.CandidatesHr20:F2} % / MRR@20 {result.CandidatesMrr20:F2} %, fused ranker (with intents) HR@20 {result.RankerHr20:F2} % / MRR@20 {result.RankerMrr20:F2} %, popularity HR@20 {result.PopularityHr20:F2} % / MRR@20 {result.PopularityMrr20:F2} %");
}
