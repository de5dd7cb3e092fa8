using Spectre.Console;
using Streaming.Core.Catalog;
using Streaming.Core.Datasets.PaperSplits;
using Streaming.Core.Graph;
using Streaming.Trainer.Models;

namespace Streaming.Trainer.Training;

/// <summary>
/// <c>streaming train</c>: loads a paper split (or takes a temporal one), trains, prints the per-epoch
/// table and both selection protocols, and writes metrics.json, the model and its catalog.
/// </summary>
public static class PaperRun
{
    /// <summary>The paper protocol: the released split of <see cref="PaperRunOptions.Dataset"/>.</summary>
    public static Task<TrainingReport> RunAsync(PaperRunOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(console);
        if (options.Protocol != "paper")
        {
            throw new NotSupportedException($"Protocol '{options.Protocol}' needs its split built by the caller (TemporalSplit); this overload loads the paper's.");
        }

        CheckModel(options);
        if (!PaperSplit.Datasets.Contains(options.Dataset))
        {
            throw new ArgumentException($"The paper protocol has splits for {string.Join(", ", PaperSplit.Datasets)} only, not '{options.Dataset}'.", nameof(options));
        }

        var root = options.ResolveDataDirectory();
        console.MarkupLineInterpolated($"Loading the paper split of [bold]{options.Dataset}[/] from {PaperSplit.DirectoryOf(root, options.Dataset)}");
        return RunAsync(options, TrainingSplit.FromPaper(PaperSplit.Load(root, options.Dataset)), console, cancellationToken);
    }

    /// <summary>Trains on <paramref name="split"/> (either protocol).</summary>
    public static Task<TrainingReport> RunAsync(PaperRunOptions options, TrainingSplit split, IAnsiConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(console);
        CheckModel(options);
        options.Training.Validate();
        options.DmsRec.Validate();
        if (options.DmsRec.UsesIntentFiles && split.Protocol != "paper")
        {
            throw new NotSupportedException("Intent files are indexed by the paper split's samples: use them with --protocol paper (the temporal protocol takes --synthetic-intents).");
        }

        var validation = split.ValidationCount is { } held ? $", the last {held} of them held out for validation" : string.Empty;
        console.MarkupLineInterpolated(
            $"{split.Train.Count} train{validation} / {split.Test.Count} test samples, {split.ItemCount} items ({split.Protocol} protocol); {options.Training.Threads} threads");

        // Training is CPU-bound and synchronous; run it off the caller's thread so cancellation stays responsive.
        return Task.Run(
            () => options.Model == ModelDirectory.DmsRecModel
                ? RunDmsRec(options, split, console, cancellationToken)
                : RunSrGnn(options, split, console, cancellationToken),
            cancellationToken);
    }

    private static void CheckModel(PaperRunOptions options)
    {
        if (options.Model is not (ModelDirectory.SrGnnModel or ModelDirectory.DmsRecModel))
        {
            throw new NotSupportedException($"Model '{options.Model}' is not implemented; use --model srgnn or dmsrec.");
        }
    }

    private static TrainingReport RunSrGnn(PaperRunOptions options, TrainingSplit split, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var (report, model) = new RecommenderTrainer(options.Training).TrainSrGnn(
            options.Dataset, split.ItemCount, split.Train, split.Test, new ConsoleProgressLine(), cancellationToken, split.ValidationCount);
        using (model)
        {
            Render(report, console);
            if (options.OutputDirectory is not null)
            {
                Save(report, split, options, console, directory => ModelDirectory.Save(model, Manifest(report, split, options), directory));
            }
        }

        return report;
    }

    // The fused model with the IntentWorker's precomputed intents, or synthetic ones for the wiring test.
    private static TrainingReport RunDmsRec(PaperRunOptions options, TrainingSplit split, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var settings = options.DmsRec;
        var (trainIntents, testIntents) = settings.UsesIntentFiles
            ? LoadIntentFiles(settings, split, console)
            : SyntheticIntentSets(settings, split, options.Training.Seed, console);
        var dimension = trainIntents.Dimension;

        var (report, model) = new RecommenderTrainer(options.Training).Train(
            options.Dataset,
            () => new DmsRecRecommender(
                new DmsRec(
                    split.ItemCount,
                    options.Training.Hidden,
                    dimension,
                    settings.ProjectionDropout,
                    options.Training.Steps,
                    settings.Alignment == "infonce" ? IntentAlignment.InfoNce : IntentAlignment.KlDivergence),
                trainIntents,
                testIntents,
                settings.Sigma,
                settings.MissingIntentRate,
                options.Training.Seed),
            split.Train,
            split.Test,
            new ConsoleProgressLine(),
            cancellationToken,
            split.ValidationCount);
        using (model)
        {
            Render(report, console);
            var recommender = (DmsRecRecommender)model;
            recommender.EvaluateWithoutIntents = true;
            var withoutIntents = RankingEvaluator.Evaluate(
                recommender, split.Test, SampleSet.Test, [.. Enumerable.Range(0, split.Test.Count)], new SessionGraphBuilder(), options.Training.EvalBatchSize, cancellationToken);
            var percent = RankingEvaluator.ToPercent(withoutIntents);
            var metrics = string.Join(", ", MetricNames.All.Select(name => $"{name} {F(percent[name], 2)}"));
            console.MarkupLineInterpolated($"The selected model without any intents (its answer before the IntentWorker speaks), test %: {metrics}.");
            report = report with { WithoutIntents = percent };
            if (options.OutputDirectory is not null)
            {
                Save(report, split, options, console, directory => ModelDirectory.Save(recommender.Model, Manifest(report, split, options), directory));
            }
        }

        return report;
    }

    private static ModelManifest Manifest(TrainingReport report, TrainingSplit split, PaperRunOptions options) =>
        new(options.Model, options.Dataset, split.ItemCount, options.Training.Hidden, options.Training.Steps, report.Selected?.Epoch ?? report.Epochs[^1].Epoch,
            DataWindow: split.Window,
            EmptyIntentGroup: options.Model == ModelDirectory.DmsRecModel ? options.DmsRec.EmptyIntentGroup : null);

    // metrics.json, the weights and model.json, and the catalog when the split built its own ids.
    private static void Save(TrainingReport report, TrainingSplit split, PaperRunOptions options, IAnsiConsole console, Action<string> saveModel)
    {
        var directory = options.OutputDirectory!;
        var path = MetricsJsonWriter.Write(report, directory);
        saveModel(directory);
        split.Catalog?.Save(Path.Combine(directory, ItemCatalog.FileName));
        var epoch = report.Selected?.Epoch ?? report.Epochs[^1].Epoch;
        var catalog = split.Catalog is null ? string.Empty : $", {ItemCatalog.FileName}";
        console.MarkupLineInterpolated(
            $"Wrote {path} and the model of epoch {epoch} ({ModelDirectory.WeightsFileOf(options.Model)}, {ModelDirectory.ManifestFile}{catalog}); publish it with 'streaming models publish --model {directory}'.");
    }

    private static (IntentSet Train, IntentSet Test) LoadIntentFiles(DmsRecOptions settings, TrainingSplit split, IAnsiConsole console)
    {
        var copy = settings.EmptyIntentGroup == "copy";
        var train = PrecomputedIntents.Load(settings.IntentsTrainPath!, split.Train.Count, copy);
        var test = PrecomputedIntents.Load(settings.IntentsTestPath!, split.Test.Count, copy);
        if (train.Dimension != test.Dimension)
        {
            throw new InvalidDataException($"The train intents are {train.Dimension}-d but the test intents {test.Dimension}-d.");
        }

        foreach (var (name, set) in new[] { ("train", train), ("test", test) })
        {
            console.MarkupLineInterpolated(
                $"Precomputed {name} intents ({set.Dimension}-d): explicit for {set.Explicit.Count(v => v is not null)}, latent for {set.Latent.Count(v => v is not null)} of {set.Count} samples; empty groups: {settings.EmptyIntentGroup}.");
        }

        return (train, test);
    }

    private static (IntentSet Train, IntentSet Test) SyntheticIntentSets(DmsRecOptions settings, TrainingSplit split, int seed, IAnsiConsole console)
    {
        var dimension = settings.IntentDimension;
        console.MarkupLineInterpolated($"[yellow]Synthetic '{settings.SyntheticIntents}' intents: a wiring test (signal leaks the target's group), not an accuracy result.[/]");
        return settings.SyntheticIntents == "signal"
            ? (SyntheticIntents.Signal(split.Train, split.ItemCount, dimension, groups: 50, noise: 0.05, seed),
               SyntheticIntents.Signal(split.Test, split.ItemCount, dimension, groups: 50, noise: 0.05, seed))
            : (SyntheticIntents.Noise(split.Train.Count, dimension, seed),
               SyntheticIntents.Noise(split.Test.Count, dimension, seed + 1));
    }

    public static void Render(TrainingReport report, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(console);
        var table = new Table().Title($"{report.Model} on {report.Dataset} (test, %)");
        table.AddColumn("epoch");
        table.AddColumn("train s");
        table.AddColumn("eval s");
        table.AddColumn("loss");
        foreach (var name in MetricNames.All)
        {
            table.AddColumn(name);
        }

        table.AddColumn($"valid {report.SelectionMetric}");
        foreach (var epoch in report.Epochs)
        {
            var row = new List<string> { epoch.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture), F(epoch.TrainSeconds, 1), F(epoch.EvalSeconds, 1), F(epoch.MeanLoss, 4) };
            row.AddRange(MetricNames.All.Select(name => F(epoch.Test[name], 2)));
            row.Add(epoch.Validation is null ? "-" : F(epoch.Validation[report.SelectionMetric], 2));
            table.AddRow(row.ToArray());
        }

        var best = new List<string> { "best/metric", string.Empty, string.Empty, string.Empty };
        best.AddRange(MetricNames.All.Select(name => F(report.Best[name], 2)));
        best.Add(string.Empty);
        table.AddRow(best.ToArray());
        if (report.Selected is { } selected)
        {
            var row = new List<string> { $"selected ({selected.Epoch})", string.Empty, string.Empty, string.Empty };
            row.AddRange(MetricNames.All.Select(name => F(selected.Test[name], 2)));
            row.Add(F(selected.Validation![report.SelectionMetric], 2));
            table.AddRow(row.ToArray());
        }

        console.Write(table);
        console.MarkupLineInterpolated($"Peak RSS {report.PeakRssBytes / (1024.0 * 1024.0):F0} MiB. 'best/metric' is the paper's protocol (each metric's best epoch on test); 'selected' is the epoch chosen on validation {report.SelectionMetric}.");
    }

    private static string F(double value, int digits) => value.ToString("F" + digits, System.Globalization.CultureInfo.InvariantCulture);
}
