using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Streaming.Core.Datasets;
using Streaming.Core.Models;
using Streaming.Core.Sessions;
using Streaming.Serving.Embeddings;
using Streaming.Trainer.Registry;
using Streaming.Trainer.Retraining;
using Streaming.Trainer.Training;

namespace Streaming.Trainer.Tests;

/// <summary>The publishing gate: the new model and the served version are both scored on the same holdout, through ONNX Runtime.</summary>
[Collection(LibTorchCollection.Name)]
public sealed class RetrainingGateTests : IDisposable
{
    private readonly string _registry = Path.Combine(Path.GetTempPath(), "gate-registry-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_registry))
        {
            Directory.Delete(_registry, recursive: true);
        }
    }

    [Fact]
    public void A_model_worse_than_the_served_one_is_rejected_and_a_tolerant_gate_publishes_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var clicks = StreamClicks.Successor(sessions: 240, items: 12, seed: 11)
            .Select((c, i) => new Interaction(c.SessionId, c.ItemId, c.Timestamp, i))
            .ToList();
        PublishStrongModel(clicks);

        // One epoch at the paper's learning rate has barely started on the rule the served model learned.
        var weak = Round(tolerance: 0).Run(1, clicks, ct);

        Assert.Equal(RoundOutcome.Rejected, weak.Outcome);
        Assert.Equal("worse-than-served", weak.Reason);
        Assert.Equal("v000001", weak.ServedVersion);
        Assert.True(weak.Served!["MRR@20"] > 80, $"served MRR@20 {weak.Served["MRR@20"]}");
        Assert.True(weak.Candidate!["MRR@20"] < weak.Served["MRR@20"] - 10, $"new {weak.Candidate["MRR@20"]} vs served {weak.Served["MRR@20"]}");
        Assert.Null(weak.Published);
        Assert.Single(new ModelRegistry(_registry).List());

        // The same comparison with room for a worse model lets it through, with both figures in its manifest.
        var tolerated = Round(tolerance: 100).Run(2, clicks, ct);

        Assert.Equal(RoundOutcome.Published, tolerated.Outcome);
        Assert.Equal("not-worse", tolerated.Reason);
        var manifest = tolerated.Published!.Manifest;
        Assert.Equal("v000002", manifest.Version);
        Assert.Equal(tolerated.Candidate!["MRR@20"], manifest.Metrics["holdout.MRR@20"], 9);
        Assert.Equal(weak.Served["MRR@20"], manifest.Metrics["gate.served.MRR@20"], 9);
        Assert.Equal(weak.Candidate["MRR@20"], tolerated.Candidate["MRR@20"], 9);
    }

    [Fact]
    public void Too_few_sessions_skip_the_round_without_publishing()
    {
        var clicks = StreamClicks.Successor(sessions: 2, items: 12, seed: 12)
            .Select((c, i) => new Interaction(c.SessionId, c.ItemId, c.Timestamp, i))
            .ToList();

        var result = Round(tolerance: 0).Run(1, clicks, TestContext.Current.CancellationToken);

        Assert.Equal(RoundOutcome.Skipped, result.Outcome);
        Assert.Empty(new ModelRegistry(_registry).List());
    }

    private RetrainingRound Round(double tolerance) => new(
        Options.Create(new TrainerOptions { RegistryPath = _registry, Epochs = 1, Hidden = 16, Threads = 1, TopK = 20, Tolerance = tolerance }),
        new IntentEncodingProvider(Options.Create(new TrainerOptions()), Options.Create(new EncoderOptions())),
        NullLogger<RetrainingRound>.Instance);

    // The served version: the same training period and catalog as the rounds', trained until it knows the rule.
    private void PublishStrongModel(List<Interaction> clicks)
    {
        var options = new TrainerOptions();
        var sessions = Sessionizer.Sessionize(clicks, new SessionizerOptions { Boundary = SessionBoundary.PerUser, MaxLength = options.MaxSessionLength });
        var split = TemporalSplit.Build(
            RetrainingRound.Dataset, sessions, new TimeSplitOptions { ValidationFraction = options.ValidationFraction, TestFraction = options.TestFraction }, metadata: null);
        var training = new TrainingOptions { Hidden = 16, BatchSize = 20, LearningRate = 0.01, LearningRateDecayEvery = 100, Epochs = 8, Threads = 1, Seed = 7 };
        var (_, model) = new RecommenderTrainer(training).TrainSrGnn("strong", split.ItemCount, split.Train, split.Test, null, TestContext.Current.CancellationToken, split.ValidationCount);
        using (model)
        {
            ModelPublisher.Publish(new ModelRegistry(_registry), new ModelPublication
            {
                Dataset = RetrainingRound.Dataset,
                Catalog = split.Catalog!,
                DataWindow = split.Window,
                CandidateModel = model,
                TopK = 20,
            });
        }
    }
}
