using System.Text.Json;
using Streaming.Trainer.Training;

namespace Streaming.Trainer.Tests;

[Collection(LibTorchCollection.Name)]
public sealed class RecommenderTrainerTests
{
    private static TrainingOptions Tiny(int epochs) => new()
    {
        Hidden = 16,
        BatchSize = 20,
        EvalBatchSize = 50,
        LearningRate = 0.01,
        Epochs = epochs,
        Threads = 1,
        ValidationFraction = 0.2,
        Seed = 7,
    };

    [Fact]
    public void Learns_a_successor_rule_and_the_loss_falls()
    {
        var options = Tiny(epochs: 6);
        options.LearningRateDecayEvery = 100;
        var train = ToyData.Successor(items: 25, count: 400, seed: 1);
        var test = ToyData.Successor(items: 25, count: 100, seed: 2);

        var (report, model) = new RecommenderTrainer(options).TrainSrGnn("toy", 25, train, test, progress: null, TestContext.Current.CancellationToken);
        model.Dispose();

        Assert.True(report.Epochs[^1].MeanLoss < report.Epochs[0].MeanLoss * 0.5, $"loss {report.Epochs[0].MeanLoss} -> {report.Epochs[^1].MeanLoss}");
        Assert.True(report.Best["HR@5"] > 90, $"HR@5 {report.Best["HR@5"]}");
        Assert.NotNull(report.Selected);
    }

    [Fact]
    public void Noise_targets_stay_near_chance()
    {
        var options = Tiny(epochs: 2);
        var train = ToyData.Random(items: 40, count: 300, seed: 3);
        var test = ToyData.Random(items: 40, count: 200, seed: 4);

        var (report, model) = new RecommenderTrainer(options).TrainSrGnn("noise", 40, train, test, progress: null, TestContext.Current.CancellationToken);
        model.Dispose();

        // Chance HR@20 over 40 items is 50%; a leak of the target would push it far above.
        Assert.InRange(report.Best["HR@20"], 30, 72);
    }

    [Fact]
    public void The_returned_model_is_the_validation_selected_epoch()
    {
        // On noise the validation optimum comes early (epoch 1 with this seed), not at the last epoch.
        var options = Tiny(epochs: 5);
        options.LearningRate = 0.05;
        var train = ToyData.Random(items: 30, count: 300, seed: 21);
        var test = ToyData.Random(items: 30, count: 150, seed: 22);

        var (report, model) = new RecommenderTrainer(options).TrainSrGnn("noise", 30, train, test, progress: null, TestContext.Current.CancellationToken);
        using (model)
        {
            var again = RankingEvaluator.ToPercent(RankingEvaluator.Evaluate(
                model, test, new Core.Graph.SessionGraphBuilder(), batchSize: 50, TestContext.Current.CancellationToken));

            Assert.NotNull(report.Selected);
            Assert.NotEqual(report.Epochs[^1].Epoch, report.Selected.Epoch);
            foreach (var name in MetricNames.All)
            {
                Assert.Equal(report.Selected.Test[name], again[name], 9);
            }
        }
    }

    [Fact]
    public void Metrics_json_has_the_stable_format()
    {
        var options = Tiny(epochs: 2);
        var train = ToyData.Successor(items: 15, count: 100, seed: 5);
        var test = ToyData.Successor(items: 15, count: 30, seed: 6);
        var (report, model) = new RecommenderTrainer(options).TrainSrGnn("toy", 15, train, test, progress: null, TestContext.Current.CancellationToken);
        model.Dispose();
        var directory = Path.Combine(Path.GetTempPath(), "metrics-" + Guid.NewGuid().ToString("N"));

        try
        {
            var path = MetricsJsonWriter.Write(report, directory);
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var root = json.RootElement;

            string[] metrics = ["HR@5", "HR@10", "HR@20", "MRR@5", "MRR@10", "MRR@20"];
            Assert.Equal(["dataset", "model", "epochs", "best", "selected", "peakRssBytes"], root.EnumerateObject().Select(p => p.Name));
            Assert.Equal("toy", root.GetProperty("dataset").GetString());
            Assert.Equal("srgnn", root.GetProperty("model").GetString());
            Assert.True(root.GetProperty("peakRssBytes").GetInt64() > 0);
            var epochs = root.GetProperty("epochs").EnumerateArray().ToList();
            Assert.Equal(2, epochs.Count);
            foreach (var epoch in epochs)
            {
                Assert.Equal((string[])["epoch", "trainSeconds", "evalSeconds", .. metrics], epoch.EnumerateObject().Select(p => p.Name));
                Assert.True(epoch.GetProperty("trainSeconds").GetDouble() > 0);
            }

            foreach (var metric in metrics)
            {
                var best = root.GetProperty("best").GetProperty(metric).GetDouble();
                Assert.InRange(best, 0, 100);
                Assert.Equal(epochs.Max(e => e.GetProperty(metric).GetDouble()), best);
                Assert.True(metric.StartsWith("HR", StringComparison.Ordinal) || best <= root.GetProperty("best").GetProperty("HR" + metric[3..]).GetDouble());
            }

            var selected = root.GetProperty("selected");
            var chosen = epochs[selected.GetProperty("epoch").GetInt32() - 1];
            Assert.All(metrics, m => Assert.Equal(chosen.GetProperty(m).GetDouble(), selected.GetProperty(m).GetDouble()));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(true, new[] { 1e-3, 1e-3, 1e-4, 1e-4, 1e-4, 1e-5 })]
    [InlineData(false, new[] { 1e-3, 1e-3, 1e-3, 1e-4, 1e-4, 1e-4 })]
    public void Learning_rate_decays_by_ten_every_three_epochs(bool referenceTiming, double[] expected)
    {
        var trainer = new RecommenderTrainer(new TrainingOptions { ReferenceSchedulerTiming = referenceTiming });

        var actual = Enumerable.Range(1, 6).Select(trainer.LearningRateAt).ToArray();

        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 12);
        }
    }

    [Fact]
    public void Invalid_options_are_rejected_at_construction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecommenderTrainer(new TrainingOptions { BatchSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecommenderTrainer(new TrainingOptions { ValidationFraction = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecommenderTrainer(new TrainingOptions { SelectionMetric = "NDCG@20" }));
    }
}
