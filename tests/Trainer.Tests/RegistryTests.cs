using Streaming.Core.Catalog;
using Streaming.Core.Graph;
using Streaming.Core.Models;
using Streaming.Serving;
using Streaming.Trainer.Models;
using Streaming.Trainer.Native;
using Streaming.Trainer.Registry;
using Streaming.Trainer.Training;
using TorchSharp;

namespace Streaming.Trainer.Tests;

[Collection(LibTorchCollection.Name)]
public sealed class RegistryTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "registry-tests-" + Guid.NewGuid().ToString("N"));

    public RegistryTests() => TorchRuntime.Initialise(threads: 1);

    [Fact]
    public void Publishing_twice_gives_two_verified_versions_readable_by_serving()
    {
        torch.manual_seed(21);
        using var srgnn = new SrGnn(itemCount: 40, hidden: 8);
        using var dmsrec = new DmsRec(itemCount: 40, hidden: 8, intentDimension: 6, projectionDropoutRate: 0.2);
        dmsrec.eval();
        var registry = new ModelRegistry(_root);

        var first = ModelPublisher.Publish(registry, Publication(srgnn, ranker: null));
        var second = ModelPublisher.Publish(registry, Publication(srgnn, dmsrec, withMetrics: true));

        Assert.Equal(["v000001", "v000002"], registry.List().Select(v => v.Version));
        Assert.Equal("v000002", registry.Latest()!.Version);
        Assert.Empty(first.Verify());
        Assert.Empty(second.Verify());
        Assert.Equal("srgnn", first.Manifest.Model);
        Assert.Null(first.Manifest.RankerGraph);
        Assert.Equal("dmsrec", second.Manifest.Model);
        Assert.Equal(6, second.Manifest.IntentDimension);
        Assert.Equal(12.5, registry.Get("v000002").Manifest.Metrics["HR@20"]);
        Assert.Equal("ml-1m", second.Manifest.DataWindow.Source);
        Assert.Equal(first.Manifest.Files.Single(f => f.Name == InferenceGraph.CandidateGeneratorFile).Sha256, second.Manifest.Files.Single(f => f.Name == InferenceGraph.CandidateGeneratorFile).Sha256);
        Assert.NotEqual(first.Manifest.ContentHash, second.Manifest.ContentHash);
        Assert.Empty(Directory.EnumerateDirectories(_root, ".staging-*"));

        // What a serving worker does: open the latest version's graphs and catalog and run them.
        var latest = registry.Latest()!;
        var catalog = ItemCatalog.Load(latest.CatalogPath);
        using var generator = OnnxCandidateGenerator.Load(latest.CandidateGraphPath);
        using var ranker = OnnxRanker.Load(latest.RankerGraphPath);
        var batch = SessionGraphBatch.Pack([new SessionGraphBuilder().Build([4, 9, 4])], SessionGraphLayout.Both);
        Assert.Equal(catalog.Count, generator.ItemCount);
        Assert.Equal(20, generator.Generate(batch).Width);
        Assert.Equal(20, ranker.Rank(batch, [null], [new float[6]]).Width);
    }

    [Fact]
    public void Verify_reports_a_changed_file()
    {
        torch.manual_seed(22);
        using var srgnn = new SrGnn(itemCount: 40, hidden: 8);
        var version = ModelPublisher.Publish(new ModelRegistry(_root), Publication(srgnn, ranker: null));

        File.AppendAllText(version.CatalogPath, "x");

        Assert.Equal([ItemCatalog.FileName + ": content changed"], version.Verify());
    }

    [Fact]
    public void A_catalog_that_does_not_match_the_model_is_refused_and_nothing_is_published()
    {
        using var srgnn = new SrGnn(itemCount: 40, hidden: 8);
        var publication = new ModelPublication
        {
            Dataset = "toy",
            Catalog = ItemCatalog.Build(Enumerable.Range(1, 39).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            DataWindow = new DataWindow("toy"),
            CandidateModel = srgnn,
        };

        Assert.Throws<ArgumentException>(() => ModelPublisher.Publish(new ModelRegistry(_root), publication));
        Assert.Empty(new ModelRegistry(_root).List());
    }

    [Fact]
    public void A_trained_model_directory_publishes_with_its_metrics_and_files()
    {
        torch.manual_seed(23);
        using var srgnn = new SrGnn(itemCount: 30, hidden: 8);
        var trained = Path.Combine(_root, "trained");
        ModelDirectory.Save(srgnn, new ModelManifest("srgnn", "toy", 30, 8, 1, 4), trained);
        var report = new TrainingReport("toy", "srgnn", [], MetricNames.All.ToDictionary(name => name, name => name == "HR@20" ? 40.5 : 1.0), null, "MRR@20", 0);
        MetricsJsonWriter.Write(report, trained);

        var version = ModelDirectoryPublisher.Publish(trained, new ModelRegistry(Path.Combine(_root, "registry")), _ => null, topK: 10);

        Assert.Equal(40.5, version.Manifest.Metrics["best.HR@20"]);
        Assert.False(version.Manifest.Metrics.ContainsKey("selected.HR@20"));
        Assert.Equal("4", version.Manifest.HyperParameters["epoch"]);
        Assert.Equal("paper-split:toy", version.Manifest.DataWindow.Source);
        Assert.Equal(
            [InferenceGraph.CandidateGeneratorFile, ItemCatalog.FileName, MetricsJsonWriter.FileName, ModelDirectory.WeightsFile, "trainer-" + ModelDirectory.ManifestFile],
            version.Manifest.Files.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Empty(version.Verify());

        // The published graph scores like the saved weights.
        srgnn.eval();
        var batch = SessionGraphBatch.Pack([new SessionGraphBuilder().Build([2, 5, 2, 9])], SessionGraphLayout.Both);
        using var generator = OnnxCandidateGenerator.Load(version.CandidateGraphPath);
        using var noGrad = torch.no_grad();
        using var input = SessionTensors.From(batch);
        using var scores = srgnn.forward(input);
        var expected = scores.data<float>().ToArray();
        var actual = generator.Scores(batch);
        Assert.True(expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max() <= 1e-4f);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static ModelPublication Publication(SrGnn srgnn, DmsRec? ranker, bool withMetrics = false) => new()
    {
        Dataset = "ml-1m",
        Catalog = ItemCatalog.Build(Enumerable.Range(1, 40).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        DataWindow = new DataWindow("ml-1m", Samples: 1234),
        CandidateModel = srgnn,
        Ranker = ranker,
        TopK = 20,
        HyperParameters = new Dictionary<string, string> { ["hidden"] = "8" },
        Metrics = withMetrics ? new Dictionary<string, double> { ["HR@20"] = 12.5 } : new Dictionary<string, double>(),
    };
}
