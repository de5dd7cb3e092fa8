using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Streaming.Core.Catalog;
using Streaming.Core.Contracts;
using Streaming.Core.Datasets;
using Streaming.Core.Models;
using Streaming.Core.Sessions;
using Streaming.Serving.Embeddings;
using Streaming.Trainer.Models;
using Streaming.Trainer.Registry;
using Streaming.Trainer.Retraining;
using Streaming.Trainer.Training;

namespace Streaming.Trainer.Tests;

/// <summary>Rounds that train the fused model from logged intents: what they publish, and the fused gate.</summary>
[Collection(LibTorchCollection.Name)]
public sealed class FusedRetrainingTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fused-round-" + Guid.NewGuid().ToString("N"));

    public FusedRetrainingTests() => Directory.CreateDirectory(_root);

    private string Registry => Path.Combine(_root, "registry");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_round_with_logged_intents_publishes_both_graphs_and_what_the_intents_were()
    {
        var ct = TestContext.Current.CancellationToken;
        var clicks = StreamClicks.Successor(sessions: 160, items: 12, seed: 21);
        var round = Round(tolerance: 0);

        var result = round.Run(1, Interactions(clicks), IntentSnapshot.From(IntentsOfEvenSessions(clicks)), ct);

        Assert.True(result.Outcome == RoundOutcome.Published, $"{result.Outcome} {result.Reason}");
        var fused = result.Fused!;
        Assert.InRange(fused.TrainIntentShare, 0.3, 0.7);
        Assert.Equal("catalog/v1", fused.IntentSource);
        var manifest = result.Published!.Manifest;
        Assert.Equal("dmsrec", manifest.Model);
        Assert.NotNull(manifest.RankerGraph);
        Assert.Equal(384, manifest.IntentDimension);
        Assert.Equal(fused.Encoder, manifest.HyperParameters[RetrainingRound.IntentEncoderParameter]);
        Assert.Equal("learned", manifest.HyperParameters[InferenceGraph.EmptyIntentGroupParameter]);
        Assert.Equal(fused.TrainIntentShare * 100, manifest.Metrics["intents.train-share"], 9);
        Assert.Equal(fused.Ranker["MRR@20"], manifest.Metrics["fused.holdout.MRR@20"], 9);
        Assert.Equal(fused.RankerWithoutIntents["MRR@20"], manifest.Metrics["fused.holdout.no-intents.MRR@20"], 9);
        Assert.Empty(result.Published.Verify());

        // The training set is a function of the logs: the same logs give the same samples and intent share.
        var again = round.Summarise(Interactions(clicks), IntentSnapshot.From(IntentsOfEvenSessions(clicks)));
        Assert.Equal(fused.TrainIntentShare, (double)again.TrainSamplesWithIntents / again.TrainSamples, 9);
    }

    [Fact]
    public void The_gate_refuses_a_fused_model_worse_than_the_served_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var clicks = StreamClicks.Successor(sessions: 160, items: 12, seed: 22);
        PublishStrongRankerBesideARandomGenerator(Interactions(clicks));

        // One epoch has barely started on the rule the served ranker knows; its SR-GNN still beats the random one.
        var result = Round(tolerance: 0).Run(1, Interactions(clicks), IntentSnapshot.From(IntentsOfEvenSessions(clicks)), ct);

        Assert.Equal(RoundOutcome.Rejected, result.Outcome);
        Assert.Equal("fused-worse-than-served", result.Reason);
        Assert.True(result.Candidate!["MRR@20"] >= result.Served!["MRR@20"], $"new SR-GNN {result.Candidate["MRR@20"]} vs served {result.Served["MRR@20"]}");
        var served = result.Fused!.ServedRanker!;
        Assert.True(result.Fused.Ranker["MRR@20"] < served["MRR@20"] - 10, $"new fused {result.Fused.Ranker["MRR@20"]} vs served {served["MRR@20"]}");
        Assert.Single(new ModelRegistry(Registry).List());
    }

    internal static List<Interaction> Interactions(List<ClickEvent> clicks) =>
        [.. clicks.Select((c, i) => new Interaction(c.SessionId, c.ItemId, c.Timestamp, i))];

    private static string Title(string itemId) => "Item " + itemId + " of the catalog";

    // The catalog heuristic's kind of answer at every version of the even sessions: the clicked item, and the next one.
    internal static List<LoggedIntents> IntentsOfEvenSessions(List<ClickEvent> clicks)
    {
        var intents = new List<LoggedIntents>();
        foreach (var session in clicks.GroupBy(c => c.SessionId).Where(g => int.Parse(g.Key[1..], CultureInfo.InvariantCulture) % 2 == 0))
        {
            var version = 0L;
            foreach (var click in session)
            {
                version++;
                var next = "i" + ((int.Parse(click.ItemId[1..], CultureInfo.InvariantCulture) + 1) % 12).ToString("D2", CultureInfo.InvariantCulture);
                intents.Add(new LoggedIntents(session.Key, version, click.Timestamp, "catalog", "v1", [Title(click.ItemId)], [Title(next)]));
            }
        }

        return intents;
    }

    /// <summary>The 12 items of <see cref="StreamClicks"/> with the titles the intents name.</summary>
    internal static void WriteTitleCatalog(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var ids = Enumerable.Range(0, 12).Select(i => "i" + i.ToString("D2", CultureInfo.InvariantCulture)).ToList();
        ItemCatalog.Build(ids, ids.Select(id => new ItemMetadata(id, Title(id), [], null))).Save(path);
    }

    private RetrainingRound Round(double tolerance)
    {
        var catalogPath = Path.Combine(_root, "titles.tsv");
        if (!File.Exists(catalogPath))
        {
            WriteTitleCatalog(catalogPath);
        }

        var options = Options.Create(new TrainerOptions
        {
            RegistryPath = Registry, Epochs = 1, Hidden = 16, Threads = 1, TopK = 20, Tolerance = tolerance,
            IntentCatalogPath = catalogPath, TitleCacheDirectory = Path.Combine(_root, "title-cache"),
        });
        return new RetrainingRound(options, new IntentEncodingProvider(options, Options.Create(new EncoderOptions())), NullLogger<RetrainingRound>.Instance);
    }

    // The served version: an untrained SR-GNN (any new one beats it) and a fused ranker trained until it knows the rule.
    private void PublishStrongRankerBesideARandomGenerator(List<Interaction> clicks)
    {
        var options = new TrainerOptions();
        var sessions = Sessionizer.Sessionize(clicks, new SessionizerOptions { Boundary = SessionBoundary.PerUser, MaxLength = options.MaxSessionLength });
        var split = TemporalSplit.Build(
            RetrainingRound.Dataset, sessions, new TimeSplitOptions { ValidationFraction = options.ValidationFraction, TestFraction = options.TestFraction }, metadata: null);
        var training = new TrainingOptions { Hidden = 16, BatchSize = 20, LearningRate = 0.01, LearningRateDecayEvery = 100, Epochs = 8, Threads = 1, Seed = 7 };
        var (_, trained) = new RecommenderTrainer(training).Train(
            "strong",
            () => new DmsRecRecommender(
                new DmsRec(split.ItemCount, training.Hidden, intentDimension: 384, projectionDropoutRate: 0.2),
                IntentSet.None(384, split.Train.Count),
                IntentSet.None(384, split.Test.Count),
                sigma: 0.3,
                missingIntentRate: 0.2,
                seed: 7),
            split.Train,
            split.Test,
            null,
            TestContext.Current.CancellationToken,
            split.ValidationCount);
        using var ranker = (DmsRecRecommender)trained;
        using var random = new SrGnn(split.ItemCount, training.Hidden);
        ranker.Model.eval();
        ModelPublisher.Publish(new ModelRegistry(Registry), new ModelPublication
        {
            Dataset = RetrainingRound.Dataset,
            Catalog = split.Catalog!,
            DataWindow = split.Window,
            CandidateModel = random,
            Ranker = ranker.Model,
            TopK = 20,
        });
    }
}
