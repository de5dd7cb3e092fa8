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
/// <see cref="TrainerOptions.Tolerance"/>; an empty registry always takes the new model. With an intent catalog the
/// round also trains the fused LLM-DMsRec model on the same split, each sample with the intents the log had for it
/// (<see cref="IntentJoin"/>, re-encoded by <see cref="IntentEncoding"/>), and the version then carries both graphs
/// and is published only when the fused ranker, too, is not worse than the served one on the same holdout.
/// Announcing the version is the caller's job.
/// </summary>
public sealed partial class RetrainingRound(IOptions<TrainerOptions> options, IntentEncodingProvider intentEncodings, ILogger<RetrainingRound> logger)
{
    /// <summary>Manifest parameters naming the intent encoder and the intent source (provider/prompt version) a fused model learned from.</summary>
    public const string IntentEncoderParameter = "intent-encoder";

    public const string IntentSourceParameter = "intent-source";

    /// <summary>The model this round trains and the name its versions are announced under.</summary>
    public const string ModelName = ModelDirectory.SrGnnModel;

    /// <summary>The dataset name recorded in manifests (the data window reads <c>temporal:clicks</c>).</summary>
    public const string Dataset = "clicks";

    public const string GateMetric = "MRR@20";

    private const int EvalBatchSize = 500;

    private readonly TrainerOptions _options = options.Value;

    // Every prefix of the test period's sessions as clicked, in external ids: each model maps them through its own catalog,
    // so neither is judged on samples filtered by the other's items (the new catalog holds the training period's only).
    private List<HoldoutSample> Holdout(IReadOnlyList<Session> sessions, DateTimeOffset? servedUntil)
    {
        var raw = TimeSplitter.Split(
            sessions,
            new TimeSplitOptions { ValidationFraction = _options.ValidationFraction, TestFraction = _options.TestFraction, DropUnseenItems = false });
        var holdout = new List<HoldoutSample>();
        foreach (var session in raw.Test)
        {
            for (var i = 1; i < session.Clicks.Count; i++)
            {
                var last = session.Clicks[i - 1];
                // A served version fitted on data up to servedUntil (a refit takes the holdout too) may have learned this
                // sample: both models are judged only on what neither has seen.
                if (servedUntil is { } until && last.Time is { } time && time <= until)
                {
                    continue;
                }

                holdout.Add(new HoldoutSample([.. session.Clicks.Take(i).Select(c => c.ItemId)], session.Clicks[i].ItemId)
                {
                    Origin = new SampleOrigin(session.UserId, last.Position + 1L, last.Time),
                });
            }
        }

        return holdout;
    }

    /// <summary>
    /// The training set a round on these logs learns from, without training: its samples (validation included) and
    /// how many of them have intents. The same code path as <see cref="Run(int, IReadOnlyList{Interaction}, IntentSnapshot, CancellationToken)"/>,
    /// so two trainers that read the same topics can be compared.
    /// </summary>
    public TrainingSetSummary Summarise(IReadOnlyList<Interaction> clicks, IntentSnapshot intents)
    {
        ArgumentNullException.ThrowIfNull(clicks);
        ArgumentNullException.ThrowIfNull(intents);
        var sessions = Sessionize(clicks);
        var split = Split(sessions);
        var join = IntentJoin.Join(sessions, split.TrainOrigins!, intents);
        return new TrainingSetSummary(sessions.Count, split.Train.Count, split.Test.Count, join.SamplesWithIntents, join.Source);
    }

    private IReadOnlyList<Session> Sessionize(IReadOnlyList<Interaction> clicks) =>
        Sessionizer.Sessionize(clicks, new SessionizerOptions { Boundary = SessionBoundary.PerUser, MaxLength = _options.MaxSessionLength });

    private TrainingSplit Split(IReadOnlyList<Session> sessions) =>
        TemporalSplit.Build(
            Dataset,
            sessions,
            new TimeSplitOptions { ValidationFraction = _options.ValidationFraction, TestFraction = _options.TestFraction },
            metadata: null);

    /// <summary>A round on clicks alone (no intents: a fused model, if trained, learns its "no intent" input only).</summary>
    public RoundResult Run(int round, IReadOnlyList<Interaction> clicks, CancellationToken cancellationToken) =>
        Run(round, clicks, IntentSnapshot.Empty, cancellationToken);

    public RoundResult Run(int round, IReadOnlyList<Interaction> clicks, IntentSnapshot intents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clicks);
        ArgumentNullException.ThrowIfNull(intents);
        var started = Stopwatch.GetTimestamp();
        var sessions = Sessionize(clicks);
        TrainingSplit split;
        try
        {
            split = Split(sessions);
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
        var registry = new ModelRegistry(_options.RegistryPath!);
        var served = registry.Latest();
        var holdout = Holdout(sessions, served?.Manifest.DataWindow.To);
        if (holdout.Count == 0)
        {
            Log.TooLittleData(logger, round, clicks.Count, sessions.Count, $"the served version {served!.Version} was fitted on every holdout sample (data until {served.Manifest.DataWindow.To:O})");
            return new RoundResult(round, RoundOutcome.Skipped, "too-little-data", clicks.Count, sessions.Count, 0, 0, null, null, null, null, Stopwatch.GetElapsedTime(started));
        }

        var (report, model) = new RecommenderTrainer(training).TrainSrGnn(
            Dataset, split.ItemCount, split.Train, split.Test, new EpochLog(logger, round), cancellationToken, validation);
        using (model)
        {
            model.eval();
            var catalog = split.Catalog!;
            var onnx = new OnnxSessionOptions { IntraOpThreads = _options.Threads };
            IReadOnlyDictionary<string, double> candidate;
            using (var generator = OnnxCandidateGenerator.Create(OnnxExport.CandidateGenerator(model, training.Steps, _options.TopK), onnx))
            {
                candidate = HoldoutEvaluator.Evaluate(generator, catalog, holdout, EvalBatchSize, cancellationToken);
            }

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

            var encoding = intentEncodings.Get(cancellationToken);
            DmsRecRecommender? fused = null;
            Refitted? refit = null;
            try
            {
                var fusedEpoch = 0;
                if (encoding is not null)
                {
                    (fused, var fusedResult, fusedEpoch) = TrainFused(round, sessions, split, holdout, intents, encoding, training, served, onnx, cancellationToken);
                    result = result with { Fused = fusedResult };
                    if (fusedResult.ServedRanker is { } servedRanker && fusedResult.Ranker[GateMetric] < servedRanker[GateMetric] - _options.Tolerance)
                    {
                        Log.FusedRejected(logger, round, fusedResult.Ranker[GateMetric], served!.Version, servedRanker[GateMetric], _options.Tolerance, holdout.Count);
                        return result with { Reason = "fused-worse-than-served", Duration = Stopwatch.GetElapsedTime(started) };
                    }
                }

                if (_options.Refit)
                {
                    refit = Refit(round, sessions, split, SelectedEpoch(report), fused is null ? null : (fusedEpoch, intents, encoding!), training, cancellationToken);
                    result = result with { Refit = refit.Summary };
                }

                var version = refit is null
                    ? Publish(registry, model, fused?.Model, training, SelectedEpoch(report), split, candidate, servedMetrics, result.Fused, null, clicks.Count, sessions.Count)
                    : Publish(registry, refit.Model, refit.Fused?.Model, training, refit.Summary.Epochs, refit.Split, candidate, servedMetrics, result.Fused, refit.Summary, clicks.Count, sessions.Count);
                Log.Published(logger, round, version.Version, candidate[GateMetric], candidate["HR@20"], served?.Version ?? "none", servedMetrics?[GateMetric] ?? double.NaN, holdout.Count);
                return result with
                {
                    Outcome = RoundOutcome.Published,
                    Reason = served is null ? "first-version" : "not-worse",
                    Published = version,
                    Duration = Stopwatch.GetElapsedTime(started),
                };
            }
            finally
            {
                fused?.Dispose();
                refit?.Dispose();
            }
        }
    }

    // An untrained fused model with the round's settings (sigma, dropout, missing-intent rate) and its samples' intents.
    private DmsRecRecommender NewFused(int itemCount, TrainingOptions training, IntentEncoding encoding, IReadOnlyList<LoggedIntents?> train, IReadOnlyList<LoggedIntents?> test) =>
        new(
            new DmsRec(itemCount, training.Hidden, encoding.Dimension, _options.IntentDropout, training.Steps),
            encoding.Vectorize(train),
            encoding.Vectorize(test),
            _options.Sigma,
            _options.MissingIntentRate,
            training.Seed);

    // The fused model on the same split as SR-GNN, each sample with the intents the log had for it; judged on the same
    // holdout with its own intents (and without any), against the served ranker when there is one.
    private (DmsRecRecommender Model, FusedRoundResult Result, int Epoch) TrainFused(
        int round,
        IReadOnlyList<Session> sessions,
        TrainingSplit split,
        List<HoldoutSample> holdout,
        IntentSnapshot intents,
        IntentEncoding encoding,
        TrainingOptions training,
        ModelVersion? served,
        OnnxSessionOptions onnx,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var trainJoin = IntentJoin.Join(sessions, split.TrainOrigins!, intents);
        var testJoin = IntentJoin.Join(sessions, split.TestOrigins!, intents);
        var holdoutJoin = IntentJoin.Join(sessions, [.. holdout.Select(h => h.Origin!)], intents);
        var holdoutIntents = encoding.Vectorize(holdoutJoin.PerSample);
        Log.FusedTraining(logger, round, trainJoin.SamplesWithIntents, trainJoin.PerSample.Count, trainJoin.Source ?? "none", trainJoin.UnmatchedRecords, trainJoin.OtherSourceRecords, encoding.EncoderId);
        var (fusedReport, trained) = new RecommenderTrainer(training).Train(
            Dataset,
            () => NewFused(split.ItemCount, training, encoding, trainJoin.PerSample, testJoin.PerSample),
            split.Train,
            split.Test,
            new EpochLog(logger, round),
            cancellationToken,
            split.ValidationCount ?? 0);
        var model = (DmsRecRecommender)trained;
        try
        {
            model.Model.eval();
            var catalog = split.Catalog!;
            var none = IntentSet.None(encoding.Dimension, holdout.Count);
            IReadOnlyDictionary<string, double> withIntents;
            IReadOnlyDictionary<string, double> withoutIntents;
            using (var ranker = OnnxRanker.Create(OnnxExport.Ranker(model.Model, training.Steps, _options.TopK), onnx))
            {
                withIntents = HoldoutEvaluator.Evaluate(ranker, catalog, holdout, holdoutIntents, EvalBatchSize, cancellationToken);
                withoutIntents = HoldoutEvaluator.Evaluate(ranker, catalog, holdout, none, EvalBatchSize, cancellationToken);
            }

            IReadOnlyDictionary<string, double>? servedRanker = null;
            if (served?.Manifest.RankerGraph is not null)
            {
                using var ranker = OnnxRanker.Load(served.RankerGraphPath, onnx);
                // Vectors of one encoder only: a served ranker that learned from another encoder is scored without intents.
                var sameEncoder = ranker.IntentDimension == encoding.Dimension
                    && served.Manifest.HyperParameters.TryGetValue(IntentEncoderParameter, out var servedEncoder)
                    && string.Equals(servedEncoder, encoding.EncoderId, StringComparison.Ordinal);
                servedRanker = HoldoutEvaluator.Evaluate(
                    ranker, ItemCatalog.Load(served.CatalogPath), holdout, sameEncoder ? holdoutIntents : IntentSet.None(ranker.IntentDimension, holdout.Count), EvalBatchSize, cancellationToken);
            }

            var result = new FusedRoundResult(
                trainJoin.Share, holdoutJoin.Share, withIntents, withoutIntents, servedRanker, trainJoin.Source, encoding.EncoderId, Stopwatch.GetElapsedTime(started));
            return (model, result, SelectedEpoch(fusedReport));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static int SelectedEpoch(TrainingReport report) => report.Selected?.Epoch ?? report.Epochs[^1].Epoch;

    // Both models again on every session of the snapshot, items first clicked in the validation and holdout periods
    // included, each for the epochs validation chose on the gated run (the same schedule, cut where it was best). The
    // refit is not judged again: it saw the holdout. Its per-epoch figures are on its newest samples, for the log only.
    private Refitted Refit(
        int round,
        IReadOnlyList<Session> sessions,
        TrainingSplit gated,
        int epochs,
        (int Epochs, IntentSnapshot Intents, IntentEncoding Encoding)? fused,
        TrainingOptions training,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var catalog = ItemCatalog.Build(sessions.SelectMany(s => s.Clicks).Select(c => c.ItemId), metadata: null);
        var (samples, origins) = TemporalSplit.Samples(sessions, catalog);
        var check = Math.Min(RefitCheckSamples, samples.Count);
        var window = new DataWindow(gated.Window.Source, gated.Window.From, sessions.Max(s => s.EndTime), samples.Count);
        var split = new TrainingSplit(Dataset, "temporal-refit", catalog.Count, samples, 0, samples[^check..], catalog, window)
        {
            TrainOrigins = origins,
            TestOrigins = origins[^check..],
        };
        Log.Refitting(logger, round, samples.Count, catalog.Count, catalog.Count - gated.ItemCount, epochs, fused?.Epochs ?? 0);
        var (_, model) = new RecommenderTrainer(Schedule(training, epochs)).TrainSrGnn(
            Dataset, split.ItemCount, split.Train, split.Test, new EpochLog(logger, round), cancellationToken, validationCount: 0);
        DmsRecRecommender? ranker = null;
        try
        {
            model.eval();
            if (fused is { } f)
            {
                var join = IntentJoin.Join(sessions, origins, f.Intents);
                var (_, trained) = new RecommenderTrainer(Schedule(training, f.Epochs)).Train(
                    Dataset,
                    () => NewFused(split.ItemCount, training, f.Encoding, join.PerSample, [.. join.PerSample.Skip(samples.Count - check)]),
                    split.Train,
                    split.Test,
                    new EpochLog(logger, round),
                    cancellationToken,
                    validationCount: 0);
                ranker = (DmsRecRecommender)trained;
                ranker.Model.eval();
            }

            var summary = new RefitSummary(samples.Count, catalog.Count, catalog.Count - gated.ItemCount, epochs, fused?.Epochs, Stopwatch.GetElapsedTime(started));
            return new Refitted(model, ranker, split, summary);
        }
        catch
        {
            ranker?.Dispose();
            model.Dispose();
            throw;
        }
    }

    private const int RefitCheckSamples = 200;

    private static TrainingOptions Schedule(TrainingOptions training, int epochs) => new()
    {
        Hidden = training.Hidden,
        Epochs = epochs,
        Threads = training.Threads,
        Seed = training.Seed,
    };

    private sealed record Refitted(SrGnn Model, DmsRecRecommender? Fused, TrainingSplit Split, RefitSummary Summary) : IDisposable
    {
        public void Dispose()
        {
            Fused?.Dispose();
            Model.Dispose();
        }
    }

    private ModelVersion Publish(
        ModelRegistry registry,
        SrGnn model,
        DmsRec? ranker,
        TrainingOptions training,
        int epoch,
        TrainingSplit split,
        IReadOnlyDictionary<string, double> candidate,
        IReadOnlyDictionary<string, double>? served,
        FusedRoundResult? fused,
        RefitSummary? refit,
        int clicks,
        int sessions)
    {
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
        if (ranker is not null && fused is not null)
        {
            Fused(metrics, hyperParameters, fused);
        }

        // The figures above are the gated models' on the holdout; a refit's weights are these models fitted on it too.
        hyperParameters["refit"] = refit is null ? "false" : "true";
        if (refit is not null)
        {
            metrics["refit.items-added"] = refit.ItemsAdded;
            hyperParameters["refit-samples"] = Text(refit.Samples);
            hyperParameters["refit-epochs"] = Text(refit.Epochs);
            if (refit.FusedEpochs is { } fusedEpochs)
            {
                hyperParameters["refit-fused-epochs"] = Text(fusedEpochs);
            }
        }

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
                Ranker = ranker,
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

    // What the manifest records of the fused model: how many samples had intents, its holdout figures with and without
    // them (and the served ranker's), and what its intents came from, so a later round never mixes encoders.
    private void Fused(Dictionary<string, double> metrics, Dictionary<string, string> hyperParameters, FusedRoundResult fused)
    {
        metrics["intents.train-share"] = fused.TrainIntentShare * 100;
        metrics["intents.holdout-share"] = fused.HoldoutIntentShare * 100;
        foreach (var (name, value) in fused.Ranker)
        {
            metrics["fused.holdout." + name] = value;
        }

        foreach (var (name, value) in fused.RankerWithoutIntents)
        {
            metrics["fused.holdout.no-intents." + name] = value;
        }

        if (fused.ServedRanker is { } servedRanker)
        {
            metrics["gate.served.fused." + GateMetric] = servedRanker[GateMetric];
        }

        hyperParameters[IntentEncoderParameter] = fused.Encoder;
        hyperParameters[IntentSourceParameter] = fused.IntentSource ?? "none";
        hyperParameters[InferenceGraph.EmptyIntentGroupParameter] = "learned";
        hyperParameters["sigma"] = Text(_options.Sigma);
        hyperParameters["intent-dropout"] = Text(_options.IntentDropout);
        hyperParameters["missing-intent-rate"] = Text(_options.MissingIntentRate);
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

        [LoggerMessage(EventId = 5206, EventName = "RoundFusedTraining", Level = LogLevel.Information,
            Message = "Round {Round}: training the fused model, {WithIntents} of {Samples} samples with intents from {Source} ({Unmatched} records matched no click in the log, {OtherSource} of other sources left out), encoder {Encoder}")]
        public static partial void FusedTraining(ILogger logger, int round, int withIntents, int samples, string source, int unmatched, int otherSource, string encoder);

        [LoggerMessage(EventId = 5208, EventName = "RoundRefitting", Level = LogLevel.Information,
            Message = "Round {Round}: passed the gate; refitting on all {Samples} samples over {Items} items ({Added} first seen after the training period), SR-GNN {Epochs} epoch(s), fused {FusedEpochs}")]
        public static partial void Refitting(ILogger logger, int round, int samples, int items, int added, int epochs, int fusedEpochs);

        [LoggerMessage(EventId = 5207, EventName = "RoundFusedRejected", Level = LogLevel.Warning,
            Message = "Round {Round}: rejected, new fused MRR@20 {Candidate:F2} < served {Served} fused MRR@20 {ServedMrr:F2} - tolerance {Tolerance} on {Samples} holdout samples; it stays in service")]
        public static partial void FusedRejected(ILogger logger, int round, double candidate, string served, double servedMrr, double tolerance, int samples);
    }
}
