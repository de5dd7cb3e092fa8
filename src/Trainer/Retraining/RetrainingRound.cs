using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Core.Catalog;
using Streaming.Core.Datasets;
using Streaming.Core.Models;
using Streaming.Core.Sessions;
using Streaming.Serving;
using Streaming.Trainer.Models;
using Streaming.Trainer.Onnx;
using Streaming.Trainer.Registry;
using Streaming.Trainer.Training;

namespace Streaming.Trainer.Retraining;

/// <summary>
/// One retraining round on a snapshot of the click log, synchronous and CPU-bound: sessions (one per session id) ->
/// the temporal split (validation and test shares by event time) -> SR-GNN -> the gate -> publish. The gate runs the
/// new model and the registry's latest version through the same ONNX Runtime path on the same holdout
/// (<see cref="HoldoutEvaluator"/>) and publishes only when the new MRR@20 is at least the served one's minus
/// <see cref="TrainerOptions.Tolerance"/>; an empty registry always takes the new model. Announcing the version is
/// the caller's job.
/// </summary>
public sealed partial class RetrainingRound(IOptions<TrainerOptions> options, ILogger<RetrainingRound> logger)
{
    /// <summary>The model this round trains and the name its versions are announced under.</summary>
    public const string ModelName = ModelDirectory.SrGnnModel;

    /// <summary>The dataset name recorded in manifests (the data window reads <c>temporal:clicks</c>).</summary>
    public const string Dataset = "clicks";

    public const string GateMetric = "MRR@20";

    private const int EvalBatchSize = 500;

    private readonly TrainerOptions _options = options.Value;

    // Every prefix of the test period's sessions as clicked, in external ids: each model maps them through its own catalog,
    // so neither is judged on samples filtered by the other's items (the new catalog holds the training period's only).
    private List<HoldoutSample> Holdout(IReadOnlyList<Session> sessions)
    {
        var raw = TimeSplitter.Split(
            sessions,
            new TimeSplitOptions { ValidationFraction = _options.ValidationFraction, TestFraction = _options.TestFraction, DropUnseenItems = false });
        var holdout = new List<HoldoutSample>();
        foreach (var session in raw.Test)
        {
            for (var i = 1; i < session.Clicks.Count; i++)
            {
                holdout.Add(new HoldoutSample([.. session.Clicks.Take(i).Select(c => c.ItemId)], session.Clicks[i].ItemId));
            }
        }

        return holdout;
    }

    public RoundResult Run(int round, IReadOnlyList<Interaction> clicks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clicks);
        var started = Stopwatch.GetTimestamp();
        var sessions = Sessionizer.Sessionize(clicks, new SessionizerOptions { Boundary = SessionBoundary.PerUser, MaxLength = _options.MaxSessionLength });
        TrainingSplit split;
        try
        {
            split = TemporalSplit.Build(
                Dataset,
                sessions,
                new TimeSplitOptions { ValidationFraction = _options.ValidationFraction, TestFraction = _options.TestFraction },
                metadata: null);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            Log.TooLittleData(logger, round, clicks.Count, sessions.Count, ex.Message);
            return new RoundResult(round, RoundOutcome.Skipped, "too-little-data", clicks.Count, sessions.Count, 0, 0, null, null, null, null, Stopwatch.GetElapsedTime(started));
        }

        var validation = split.ValidationCount ?? 0;
        if (validation >= split.Train.Count)
        {
            Log.TooLittleData(logger, round, clicks.Count, sessions.Count, "no training samples before the validation period");
            return new RoundResult(round, RoundOutcome.Skipped, "too-little-data", clicks.Count, sessions.Count, 0, split.Test.Count, null, null, null, null, Stopwatch.GetElapsedTime(started));
        }

        Log.Training(logger, round, clicks.Count, sessions.Count, split.Train.Count - validation, validation, split.Test.Count, split.ItemCount, _options.Epochs);
        var training = new TrainingOptions
        {
            Hidden = _options.Hidden,
            Epochs = _options.Epochs,
            Threads = _options.Threads,
            Seed = _options.Seed,
        };
        var (report, model) = new RecommenderTrainer(training).TrainSrGnn(
            Dataset, split.ItemCount, split.Train, split.Test, new EpochLog(logger, round), cancellationToken, validation);
        using (model)
        {
            model.eval();
            var catalog = split.Catalog!;
            var holdout = Holdout(sessions);
            var onnx = new OnnxSessionOptions { IntraOpThreads = _options.Threads };
            IReadOnlyDictionary<string, double> candidate;
            using (var generator = OnnxCandidateGenerator.Create(OnnxExport.CandidateGenerator(model, training.Steps, _options.TopK), onnx))
            {
                candidate = HoldoutEvaluator.Evaluate(generator, catalog, holdout, EvalBatchSize, cancellationToken);
            }

            var registry = new ModelRegistry(_options.RegistryPath!);
            var served = registry.Latest();
            IReadOnlyDictionary<string, double>? servedMetrics = null;
            if (served is not null)
            {
                using var generator = OnnxCandidateGenerator.Load(served.CandidateGraphPath, onnx);
                servedMetrics = HoldoutEvaluator.Evaluate(generator, ItemCatalog.Load(served.CatalogPath), holdout, EvalBatchSize, cancellationToken);
            }

            var result = new RoundResult(
                round, RoundOutcome.Rejected, "worse-than-served", clicks.Count, sessions.Count, split.Train.Count - validation, holdout.Count,
                candidate, served?.Version, servedMetrics, null, TimeSpan.Zero);
            if (servedMetrics is not null && candidate[GateMetric] < servedMetrics[GateMetric] - _options.Tolerance)
            {
                Log.Rejected(logger, round, candidate[GateMetric], served!.Version, servedMetrics[GateMetric], _options.Tolerance, holdout.Count);
                return result with { Duration = Stopwatch.GetElapsedTime(started) };
            }

            var version = Publish(registry, model, training, report, split, candidate, servedMetrics, clicks.Count, sessions.Count);
            Log.Published(logger, round, version.Version, candidate[GateMetric], candidate["HR@20"], served?.Version ?? "none", servedMetrics?[GateMetric] ?? double.NaN, holdout.Count);
            return result with
            {
                Outcome = RoundOutcome.Published,
                Reason = served is null ? "first-version" : "not-worse",
                Published = version,
                Duration = Stopwatch.GetElapsedTime(started),
            };
        }
    }

    private ModelVersion Publish(
        ModelRegistry registry,
        SrGnn model,
        TrainingOptions training,
        TrainingReport report,
        TrainingSplit split,
        IReadOnlyDictionary<string, double> candidate,
        IReadOnlyDictionary<string, double>? served,
        int clicks,
        int sessions)
    {
        var epoch = report.Selected?.Epoch ?? report.Epochs[^1].Epoch;
        var metrics = candidate.ToDictionary(entry => "holdout." + entry.Key, entry => entry.Value, StringComparer.Ordinal);
        if (served is not null)
        {
            metrics["gate.served." + GateMetric] = served[GateMetric];
            metrics["gate.served.HR@20"] = served["HR@20"];
        }

        var hyperParameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["hidden"] = Text(training.Hidden),
            ["steps"] = Text(training.Steps),
            ["epochs"] = Text(training.Epochs),
            ["epoch"] = Text(epoch),
            ["batch"] = Text(training.BatchSize),
            ["learning-rate"] = Text(training.LearningRate),
            ["weight-decay"] = Text(training.WeightDecay),
            ["seed"] = Text(training.Seed),
            ["validation-fraction"] = Text(_options.ValidationFraction),
            ["test-fraction"] = Text(_options.TestFraction),
            ["max-session-length"] = Text(_options.MaxSessionLength),
            ["tolerance"] = Text(_options.Tolerance),
            ["clicks"] = Text(clicks),
            ["sessions"] = Text(sessions),
        };

        // The TorchSharp weights travel with the version so it can be retrained or re-exported, as `models publish` does.
        var files = Directory.CreateTempSubdirectory("streaming-trainer-round-");
        try
        {
            ModelDirectory.Save(model, new ModelManifest(ModelName, Dataset, split.ItemCount, training.Hidden, training.Steps, epoch, DataWindow: split.Window), files.FullName);
            return ModelPublisher.Publish(registry, new ModelPublication
            {
                Dataset = Dataset,
                Catalog = split.Catalog!,
                DataWindow = split.Window,
                CandidateModel = model,
                Steps = training.Steps,
                TopK = _options.TopK,
                HyperParameters = hyperParameters,
                Metrics = metrics,
                ExtraFiles = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [ModelDirectory.WeightsFile] = Path.Combine(files.FullName, ModelDirectory.WeightsFile),
                    ["trainer-" + ModelDirectory.ManifestFile] = Path.Combine(files.FullName, ModelDirectory.ManifestFile),
                },
            });
        }
        finally
        {
            files.Delete(recursive: true);
        }
    }

    private static string Text<T>(T value)
        where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    // One line per epoch: the round runs for minutes on real data and a worker has no console progress bar.
    private sealed class EpochLog(ILogger logger, int round) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Phase == "test")
            {
                Log.Epoch(logger, round, value.Epoch, value.Epochs, value.MeanLoss);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5201, EventName = "RoundTraining", Level = LogLevel.Information,
            Message = "Round {Round}: {Clicks} clicks in {Sessions} sessions -> {Train} train / {Validation} validation / {Holdout} holdout samples over {Items} items; training {Epochs} epoch(s)")]
        public static partial void Training(ILogger logger, int round, int clicks, int sessions, int train, int validation, int holdout, int items, int epochs);

        [LoggerMessage(EventId = 5202, EventName = "RoundEpoch", Level = LogLevel.Information,
            Message = "Round {Round}: epoch {Epoch}/{Epochs} done, mean loss {Loss:F4}")]
        public static partial void Epoch(ILogger logger, int round, int epoch, int epochs, double loss);

        [LoggerMessage(EventId = 5203, EventName = "RoundSkipped", Level = LogLevel.Warning,
            Message = "Round {Round}: {Clicks} clicks in {Sessions} sessions are too few to train and judge a model: {Detail}")]
        public static partial void TooLittleData(ILogger logger, int round, int clicks, int sessions, string detail);

        [LoggerMessage(EventId = 5204, EventName = "RoundRejected", Level = LogLevel.Warning,
            Message = "Round {Round}: rejected, new MRR@20 {Candidate:F2} < served {Served} MRR@20 {ServedMrr:F2} - tolerance {Tolerance} on {Samples} holdout samples; it stays in service")]
        public static partial void Rejected(ILogger logger, int round, double candidate, string served, double servedMrr, double tolerance, int samples);

        [LoggerMessage(EventId = 5205, EventName = "RoundPublished", Level = LogLevel.Information,
            Message = "Round {Round}: published {Version}, holdout MRR@20 {Mrr:F2} HR@20 {Hit:F2} (served {Served}: MRR@20 {ServedMrr:F2}) on {Samples} samples")]
        public static partial void Published(ILogger logger, int round, string version, double mrr, double hit, string served, double servedMrr, int samples);
    }
}
