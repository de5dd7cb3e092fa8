using System.Globalization;
using Spectre.Console;
using Streaming.Core.Catalog;
using Streaming.Core.Graph;
using Streaming.Core.Models;
using Streaming.Core.Sessions;
using Streaming.Serving;
using Streaming.Trainer.Native;
using Streaming.Trainer.Registry;
using Streaming.Trainer.Training;
using TorchSharp;

namespace Streaming.Trainer.Tests;

[Collection(LibTorchCollection.Name)]
public sealed class TemporalTrainingTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "temporal-tests-" + Guid.NewGuid().ToString("N"));

    public TemporalTrainingTests() => TorchRuntime.Initialise(threads: 1);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void The_latest_sessions_are_test_and_the_catalog_holds_only_training_items()
    {
        // Ten sessions, one hour apart; the last one clicks "new", an item no training session has.
        var sessions = Enumerable.Range(0, 10)
            .Select(s => Session($"u{s}", s, s == 9 ? ["a", "new", "b"] : ["a", "b", "c"]))
            .ToList();

        var split = TemporalSplit.Build("toy", sessions, new TimeSplitOptions { ValidationFraction = 0.2, TestFraction = 0.1 }, metadata: null);

        Assert.Equal("temporal", split.Protocol);
        Assert.Equal(["a", "b", "c"], split.Catalog!.Items.Select(i => i.ExternalId));
        Assert.Equal(3, split.ItemCount);
        // 7 training sessions and 2 validation sessions of 3 clicks give 2 samples each; validation comes last.
        Assert.Equal(18, split.Train.Count);
        Assert.Equal(4, split.ValidationCount);
        // The test session lost its unseen click: a, b -> one sample.
        var test = Assert.Single(split.Test);
        Assert.Equal([1], test.Items);
        Assert.Equal(2, test.Target);
        Assert.Equal(new[] { 1, 2 }, split.Train[1].Items);
        Assert.Equal(3, split.Train[1].Target);
        Assert.Equal(Start, split.Window.From);
        // Training sessions all ended before the first validation session ended.
        Assert.Equal(Start.AddHours(7).AddSeconds(2), split.Window.To);
        Assert.Equal("temporal:toy", split.Window.Source);
        Assert.Equal(14, split.Window.Samples);
    }

    [Fact]
    public void Clicks_without_timestamps_are_refused_with_the_way_out()
    {
        var timeless = new Session("u", "u", [new SessionClick("a", null, 0), new SessionClick("b", null, 1)]);

        var error = Assert.Throws<InvalidOperationException>(() =>
            TemporalSplit.Build("ml-1m", [timeless, timeless, timeless], new TimeSplitOptions(), metadata: null));

        Assert.Contains("real timestamps", error.Message);
        Assert.Contains("--file", error.Message);
    }

    [Fact]
    public async Task A_temporal_run_learns_saves_its_catalog_and_window_and_publishes_with_them()
    {
        // The successor rule over 12 named items, 300 sessions a minute apart.
        var random = new Random(5);
        var sessions = Enumerable.Range(0, 300).Select(s =>
        {
            var first = random.Next(12);
            return Session($"u{s}", s, [.. Enumerable.Range(0, random.Next(2, 6)).Select(k => $"item{(first + k) % 12}")]);
        }).ToList();
        var split = TemporalSplit.Build("toy", sessions, new TimeSplitOptions { ValidationFraction = 0.1, TestFraction = 0.1 }, metadata: null);
        var output = Path.Combine(_root, "run");
        var options = new PaperRunOptions
        {
            Dataset = "toy",
            Protocol = "temporal",
            OutputDirectory = output,
            Training = new TrainingOptions { Hidden = 16, BatchSize = 25, LearningRate = 0.01, Epochs = 6, Threads = 1, Seed = 3, LearningRateDecayEvery = 100 },
        };

        var report = await PaperRun.RunAsync(options, split, QuietConsole(), TestContext.Current.CancellationToken);

        // Chance HR@5 over 12 items is 42 %; the rule makes the next item certain.
        Assert.NotNull(report.Selected);
        Assert.True(report.Selected.Test["HR@5"] > 90, $"HR@5 {report.Selected.Test["HR@5"]}");
        var manifest = ModelDirectory.ReadManifest(output);
        Assert.Equal("temporal:toy", manifest.DataWindow!.Source);
        Assert.Equal(split.Window.To, manifest.DataWindow.To);
        Assert.Equal(split.Catalog!.Items.Select(i => i.ExternalId), ItemCatalog.Load(Path.Combine(output, ItemCatalog.FileName)).Items.Select(i => i.ExternalId));

        var version = ModelDirectoryPublisher.Publish(output, new ModelRegistry(Path.Combine(_root, "registry")), _ => null, topK: 5);

        Assert.Empty(version.Verify());
        Assert.Equal("temporal:toy", version.Manifest.DataWindow.Source);
        Assert.Equal(split.Catalog.Items.Select(i => i.ExternalId), ItemCatalog.Load(version.CatalogPath).Items.Select(i => i.ExternalId));
    }

    [Fact]
    public async Task A_trained_fused_model_is_saved_and_publishes_with_its_candidate_generator()
    {
        var train = ToyData.Successor(items: 30, count: 400, seed: 1);
        var test = ToyData.Successor(items: 30, count: 100, seed: 2);
        var split = new TrainingSplit("toy", "paper", 30, train, null, test, null, new DataWindow("toy"));
        var training = new TrainingOptions { Hidden = 8, BatchSize = 50, Epochs = 1, Threads = 1, ValidationFraction = 0 };
        var srgnnDirectory = Path.Combine(_root, "srgnn");
        var dmsrecDirectory = Path.Combine(_root, "dmsrec");
        await PaperRun.RunAsync(new PaperRunOptions { Dataset = "toy", OutputDirectory = srgnnDirectory, Training = training }, split, QuietConsole(), TestContext.Current.CancellationToken);
        await PaperRun.RunAsync(
            new PaperRunOptions { Dataset = "toy", Model = "dmsrec", OutputDirectory = dmsrecDirectory, Training = training, DmsRec = new DmsRecOptions { IntentDimension = 6 } },
            split,
            QuietConsole(),
            TestContext.Current.CancellationToken);
        var registry = new ModelRegistry(Path.Combine(_root, "registry"));

        var alone = Assert.Throws<ArgumentException>(() => ModelDirectoryPublisher.Publish(dmsrecDirectory, registry, _ => null, topK: 5));
        var version = ModelDirectoryPublisher.Publish(dmsrecDirectory, registry, _ => null, topK: 5, candidatesDirectory: srgnnDirectory);

        Assert.Contains("--candidates", alone.Message);
        using (var metrics = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dmsrecDirectory, MetricsJsonWriter.FileName))))
        {
            Assert.True(metrics.RootElement.GetProperty("withoutIntents").GetProperty("HR@20").GetDouble() >= 0);
        }

        using (var metrics = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(srgnnDirectory, MetricsJsonWriter.FileName))))
        {
            Assert.False(metrics.RootElement.TryGetProperty("withoutIntents", out _));
        }

        Assert.Equal("dmsrec", ModelDirectory.ReadManifest(dmsrecDirectory).Model);
        Assert.Equal("dmsrec", version.Manifest.Model);
        Assert.Equal(6, version.Manifest.IntentDimension);
        Assert.Equal(InferenceGraph.EmptyGroupLearned, version.Manifest.HyperParameters[InferenceGraph.EmptyIntentGroupParameter]);
        Assert.Contains(ModelDirectory.DmsRecWeightsFile, version.Manifest.Files.Select(f => f.Name));
        Assert.Empty(version.Verify());

        // The version's candidate generator is the SR-GNN it was given, not the fused model's backbone.
        var (srgnn, _) = ModelDirectory.Load(srgnnDirectory);
        using (srgnn)
        {
            srgnn.eval();
            using var generator = OnnxCandidateGenerator.Load(version.CandidateGraphPath);
            var session = SessionGraphBatch.Pack([new SessionGraphBuilder().Build([2, 3, 4])], SessionGraphLayout.Both);
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var expected = srgnn.forward(Models.SessionTensors.From(session)).data<float>().ToArray();
            var actual = generator.Scores(session);
            Assert.True(expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max() <= 1e-4f);
        }

        // The published ranker scores like the saved fused model, with and without intents.
        var (fused, _) = ModelDirectory.LoadDmsRec(dmsrecDirectory);
        using (fused)
        {
            fused.eval();
            using var ranker = OnnxRanker.Load(version.RankerGraphPath);
            var batch = SessionGraphBatch.Pack([new SessionGraphBuilder().Build([3, 4, 5]), new SessionGraphBuilder().Build([7])], SessionGraphLayout.Both);
            float[]?[] explicitIntents = [[1, 0, 0, 0, 0, 0], null];
            float[]?[] latentIntents = [null, [0, 0.5f, 0, 0, 0, 0.5f]];
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var intents = new Models.IntentTensors(
                [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0.5f, 0, 0, 0, 0.5f], hasExplicit: [1, 0], hasLatent: [0, 1], batchSize: 2, dimension: 6);
            var expected = fused.forward(Models.SessionTensors.From(batch), intents).Scores.data<float>().ToArray();
            var actual = ranker.Scores(batch, explicitIntents, latentIntents);
            Assert.True(expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max() <= 1e-4f);
        }
    }

    private static Session Session(string id, int hour, string[] items) =>
        new(id, id, [.. items.Select((item, k) => new SessionClick(item, Start.AddHours(hour).AddSeconds(k), k))]);

    private static IAnsiConsole QuietConsole() =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter(CultureInfo.InvariantCulture)) });
}
