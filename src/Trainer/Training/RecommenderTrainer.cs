using System.Diagnostics;
using Streaming.Core.Datasets.PaperSplits;
using Streaming.Core.Graph;
using Streaming.Trainer.Models;
using Streaming.Trainer.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace Streaming.Trainer.Training;

/// <summary>
/// Trains a session recommender on a paper split the way the SR-GNN reference code does (shuffled
/// mini-batches, Adam with L2, step decay) and evaluates every epoch on test and, when a validation
/// share is set, on validation.
/// </summary>
public sealed class RecommenderTrainer
{
    private readonly TrainingOptions _options;
    private readonly SessionGraphBuilder _builder = new(EdgeWeighting.Binary);

    public RecommenderTrainer(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Trains plain SR-GNN; the returned model belongs to the caller (dispose it).</summary>
    public (TrainingReport Report, SrGnn Model) TrainSrGnn(
        string dataset,
        int itemCount,
        IReadOnlyList<PaperSample> trainSamples,
        IReadOnlyList<PaperSample> testSamples,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken,
        int? validationCount = null)
    {
        var (report, recommender) = Train(
            dataset,
            () => new SrGnnRecommender(new SrGnn(itemCount, _options.Hidden, _options.Steps)),
            trainSamples,
            testSamples,
            progress,
            cancellationToken,
            validationCount);
        return (report, ((SrGnnRecommender)recommender).Model);
    }

    /// <summary>
    /// Seeds libtorch, creates the model with <paramref name="create"/> and trains it; the returned
    /// recommender belongs to the caller (dispose it). With a validation share it holds the weights of
    /// the validation-selected epoch, otherwise those of the last epoch. Validation is the last
    /// <paramref name="validationCount"/> of <paramref name="trainSamples"/> when given (a split that
    /// chose its own validation period), else the configured share carved from their end.
    /// </summary>
    public (TrainingReport Report, ISessionRecommender Model) Train(
        string dataset,
        Func<ISessionRecommender> create,
        IReadOnlyList<PaperSample> trainSamples,
        IReadOnlyList<PaperSample> testSamples,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken,
        int? validationCount = null)
    {
        ArgumentNullException.ThrowIfNull(trainSamples);
        ArgumentNullException.ThrowIfNull(testSamples);
        if (trainSamples.Count == 0)
        {
            throw new ArgumentException("No training samples.", nameof(trainSamples));
        }

        ArgumentNullException.ThrowIfNull(create);
        TorchRuntime.Initialise(_options.Threads);
        torch.manual_seed(_options.Seed);
        var random = new Random(_options.Seed);
        if (validationCount is { } count && (count < 0 || count >= trainSamples.Count))
        {
            throw new ArgumentOutOfRangeException(nameof(validationCount), count, "The validation samples must leave at least one training sample.");
        }

        var validationSize = validationCount ?? ValidationSplit.Carve(trainSamples, _options.ValidationFraction).Validation.Count;

        var model = create();
        try
        {
            var epochs = Run(model, trainSamples.Count - validationSize, validationSize, trainSamples, testSamples, random, progress, cancellationToken);
            var report = Summarise(dataset, model.Name, epochs);
            return (report, model);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    // The first trainCount samples train; the next validationCount validate (ValidationSplit.Carve).
    private List<EpochResult> Run(
        ISessionRecommender model,
        int trainCount,
        int validationCount,
        IReadOnlyList<PaperSample> trainSamples,
        IReadOnlyList<PaperSample> test,
        Random random,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        using var optimizer = torch.optim.Adam(model.Module.parameters(), lr: _options.LearningRate, weight_decay: _options.WeightDecay);
        var results = new List<EpochResult>();
        var order = Enumerable.Range(0, trainCount).ToArray();
        var validationIndices = Enumerable.Range(trainCount, validationCount).ToArray();
        var testIndices = Enumerable.Range(0, test.Count).ToArray();
        var batches = (trainCount + _options.BatchSize - 1) / _options.BatchSize;
        var bestSelection = double.NegativeInfinity;
        Dictionary<string, Tensor>? selectedState = null;
        var bestHit = double.NegativeInfinity;
        var bestMrr = double.NegativeInfinity;
        var badEpochs = 0;
        var graphs = new List<SessionGraph>(_options.BatchSize);
        var targets = new long[_options.BatchSize];

        for (var epoch = 1; epoch <= _options.Epochs; epoch++)
        {
            var learningRate = LearningRateAt(epoch);
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = learningRate;
            }

            random.Shuffle(order);
            model.Module.train();
            var clock = Stopwatch.StartNew();
            var lossSum = 0.0;
            for (var b = 0; b < batches; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = b * _options.BatchSize;
                var count = Math.Min(_options.BatchSize, trainCount - start);
                graphs.Clear();
                for (var i = 0; i < count; i++)
                {
                    var sample = trainSamples[order[start + i]];
                    graphs.Add(_builder.Build(sample.Items));
                    targets[i] = sample.Target - 1;
                }

                using var scope = torch.NewDisposeScope();
                optimizer.zero_grad();
                var input = SessionTensors.From(SessionGraphBatch.Pack(graphs, SessionGraphLayout.EdgeList));
                var target = torch.tensor(targets.AsSpan(0, count).ToArray(), [count]);
                var loss = model.Loss(input, new SampleBatch(SampleSet.Train, order[start..(start + count)]), target);
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>();
                input.Dispose();

                if (progress is not null && ((b + 1) % 10 == 0 || b + 1 == batches))
                {
                    var elapsed = clock.Elapsed.TotalSeconds;
                    var done = start + count;
                    var rate = done / Math.Max(elapsed, 1e-9);
                    var eta = TimeSpan.FromSeconds((trainCount - done) / Math.Max(rate, 1e-9));
                    progress.Report(new TrainingProgress("train", epoch, _options.Epochs, b + 1, batches, lossSum / (b + 1), rate, eta));
                }
            }

            var trainSeconds = clock.Elapsed.TotalSeconds;
            IReadOnlyDictionary<string, double>? validationMetrics = null;
            if (validationCount > 0)
            {
                progress?.Report(new TrainingProgress("validate", epoch, _options.Epochs, batches, batches, lossSum / batches, 0, TimeSpan.Zero));
                validationMetrics = RankingEvaluator.ToPercent(RankingEvaluator.Evaluate(
                    model, trainSamples, SampleSet.Train, validationIndices, _builder, _options.EvalBatchSize, cancellationToken));
            }

            progress?.Report(new TrainingProgress("test", epoch, _options.Epochs, batches, batches, lossSum / batches, 0, TimeSpan.Zero));
            clock.Restart();
            var testMetrics = RankingEvaluator.ToPercent(RankingEvaluator.Evaluate(
                model, test, SampleSet.Test, testIndices, _builder, _options.EvalBatchSize, cancellationToken));
            var evalSeconds = clock.Elapsed.TotalSeconds;

            results.Add(new EpochResult(epoch, trainSeconds, evalSeconds, lossSum / batches, learningRate, testMetrics, validationMetrics));

            // Keep the weights of the epoch validation selects, so the model handed back is the one reported.
            if (validationMetrics is not null && validationMetrics[_options.SelectionMetric] > bestSelection)
            {
                bestSelection = validationMetrics[_options.SelectionMetric];
                DisposeState(selectedState);
                selectedState = Snapshot(model.Module);
            }

            // Early stopping as in the reference (no gain in HR@20 nor MRR@20), but on validation when there is one.
            var watched = validationMetrics ?? testMetrics;
            var improved = false;
            if (watched["HR@20"] >= bestHit)
            {
                bestHit = watched["HR@20"];
                improved = true;
            }

            if (watched["MRR@20"] >= bestMrr)
            {
                bestMrr = watched["MRR@20"];
                improved = true;
            }

            badEpochs = improved ? 0 : badEpochs + 1;
            if (badEpochs >= _options.Patience)
            {
                break;
            }
        }

        if (selectedState is not null)
        {
            using (torch.no_grad())
            {
                foreach (var (name, parameter) in model.Module.state_dict())
                {
                    parameter.copy_(selectedState[name]);
                }
            }

            DisposeState(selectedState);
        }

        return results;
    }

    private static Dictionary<string, Tensor> Snapshot(torch.nn.Module module)
    {
        using var noGrad = torch.no_grad();
        return module.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.detach().clone(), StringComparer.Ordinal);
    }

    private static void DisposeState(Dictionary<string, Tensor>? state)
    {
        foreach (var tensor in state?.Values ?? Enumerable.Empty<Tensor>())
        {
            tensor.Dispose();
        }
    }

    /// <summary>The learning rate of a 1-based epoch under the configured step decay.</summary>
    public double LearningRateAt(int epoch)
    {
        // The reference steps its scheduler before each epoch, so epoch e runs with e decay steps taken.
        var stepsTaken = _options.ReferenceSchedulerTiming ? epoch : epoch - 1;
        return _options.LearningRate * Math.Pow(_options.LearningRateDecayFactor, stepsTaken / _options.LearningRateDecayEvery);
    }

    private TrainingReport Summarise(string dataset, string modelName, List<EpochResult> epochs)
    {
        var best = MetricNames.All.ToDictionary(name => name, name => epochs.Max(e => e.Test[name]), StringComparer.Ordinal);
        EpochResult? selected = null;
        foreach (var epoch in epochs)
        {
            if (epoch.Validation is not null
                && (selected is null || epoch.Validation[_options.SelectionMetric] > selected.Validation![_options.SelectionMetric]))
            {
                selected = epoch;
            }
        }

        using var self = Process.GetCurrentProcess();
        return new TrainingReport(dataset, modelName, epochs, best, selected, _options.SelectionMetric, self.PeakWorkingSet64);
    }
}
