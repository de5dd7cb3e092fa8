using System.Globalization;
using System.Text.Json;
using Streaming.Core.Catalog;
using Streaming.Core.Models;
using Streaming.Trainer.Training;

namespace Streaming.Trainer.Registry;

/// <summary>
/// Publishes what <c>streaming train --out DIR</c> wrote (weights, <c>model.json</c>, <c>metrics.json</c>,
/// and <c>catalog.tsv</c> when the run built its own catalog) as a registry version: the candidate
/// graph, for a fused model also the ranker graph, the catalog, the metrics (<c>selected.*</c> and
/// <c>best.*</c>, percent on test), the model's sizes as hyper-parameters, and the TorchSharp files
/// themselves so the version can be retrained or re-exported.
/// </summary>
public static class ModelDirectoryPublisher
{

    /// <param name="modelDirectory">What <c>train --out</c> wrote: an SR-GNN, or a fused model.</param>
    /// <param name="registry">Where to publish.</param>
    /// <param name="catalogFor">The item catalog of a dataset when the model directory has none; null means ids 1..N (the paper splits' own ids).</param>
    /// <param name="topK">K of the candidate lists.</param>
    /// <param name="candidatesDirectory">
    /// For a fused model: the SR-GNN directory whose lists its intents were grounded in; it becomes the
    /// version's candidate generator. Ignored (must be null) for an SR-GNN directory.
    /// </param>
    /// <param name="time">Clock for the manifest's creation time.</param>
    public static ModelVersion Publish(
        string modelDirectory,
        ModelRegistry registry,
        Func<string, ItemCatalog?> catalogFor,
        int topK,
        string? candidatesDirectory = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(catalogFor);
        var manifest = ModelDirectory.ReadManifest(modelDirectory);
        var fused = manifest.Model == ModelDirectory.DmsRecModel;
        if (fused && candidatesDirectory is null)
        {
            throw new ArgumentException(
                $"{modelDirectory} holds a fused (dmsrec) model: pass the SR-GNN model directory that generated its candidates (--candidates DIR).", nameof(candidatesDirectory));
        }

        if (!fused && candidatesDirectory is not null)
        {
            throw new ArgumentException($"{modelDirectory} holds an SR-GNN model, which is its own candidate generator: drop --candidates.", nameof(candidatesDirectory));
        }

        var candidateDirectory = fused ? candidatesDirectory! : modelDirectory;
        var (candidateModel, candidateManifest) = ModelDirectory.Load(candidateDirectory);
        using (candidateModel)
        {
            if (candidateManifest.ItemCount != manifest.ItemCount || candidateManifest.Dataset != manifest.Dataset)
            {
                throw new ArgumentException(
                    $"The candidate generator ({candidateManifest.Dataset}, {candidateManifest.ItemCount} items) and the ranker ({manifest.Dataset}, {manifest.ItemCount} items) must be trained on the same items.",
                    nameof(candidatesDirectory));
            }

            var ranker = fused ? ModelDirectory.LoadDmsRec(modelDirectory).Model : null;
            using (ranker)
            {
                candidateModel.eval();
                ranker?.eval();
                var extra = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [ModelDirectory.WeightsFile] = Path.Combine(candidateDirectory, ModelDirectory.WeightsFile),
                    ["trainer-" + ModelDirectory.ManifestFile] = Path.Combine(modelDirectory, ModelDirectory.ManifestFile),
                };
                if (fused)
                {
                    extra[ModelDirectory.DmsRecWeightsFile] = Path.Combine(modelDirectory, ModelDirectory.DmsRecWeightsFile);
                    extra["candidates-" + ModelDirectory.ManifestFile] = Path.Combine(candidateDirectory, ModelDirectory.ManifestFile);
                }

                var metricsPath = Path.Combine(modelDirectory, MetricsJsonWriter.FileName);
                if (File.Exists(metricsPath))
                {
                    extra[MetricsJsonWriter.FileName] = metricsPath;
                }

                var hyperParameters = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["hidden"] = manifest.Hidden.ToString(CultureInfo.InvariantCulture),
                    ["steps"] = manifest.Steps.ToString(CultureInfo.InvariantCulture),
                    ["epoch"] = manifest.Epoch.ToString(CultureInfo.InvariantCulture),
                };
                if (fused)
                {
                    hyperParameters["candidates-epoch"] = candidateManifest.Epoch.ToString(CultureInfo.InvariantCulture);
                    hyperParameters[InferenceGraph.EmptyIntentGroupParameter] = manifest.EmptyIntentGroup ?? InferenceGraph.EmptyGroupLearned;
                }

                var publication = new ModelPublication
                {
                    Dataset = manifest.Dataset,
                    Catalog = CatalogOf(modelDirectory, manifest, catalogFor),
                    DataWindow = manifest.DataWindow ?? new DataWindow("paper-split:" + manifest.Dataset),
                    CandidateModel = candidateModel,
                    Ranker = ranker,
                    Steps = manifest.Steps,
                    TopK = topK,
                    HyperParameters = hyperParameters,
                    Metrics = File.Exists(metricsPath) ? ReadMetrics(metricsPath) : new Dictionary<string, double>(),
                    ExtraFiles = extra,
                };
                return ModelPublisher.Publish(registry, publication, time);
            }
        }
    }

    // The run's own catalog (temporal protocol) wins; else the caller's (a paper split's item map); else ids 1..N.
    private static ItemCatalog CatalogOf(string modelDirectory, ModelManifest manifest, Func<string, ItemCatalog?> catalogFor)
    {
        var own = Path.Combine(modelDirectory, ItemCatalog.FileName);
        return File.Exists(own)
            ? ItemCatalog.Load(own)
            : catalogFor(manifest.Dataset) ?? ItemCatalog.Build(Enumerable.Range(1, manifest.ItemCount).Select(i => i.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>The numbers of metrics.json's <c>selected</c> and <c>best</c> objects, as <c>selected.HR@20</c> etc.</summary>
    public static Dictionary<string, double> ReadMetrics(string metricsPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(metricsPath));
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var group in new[] { "selected", "best" })
        {
            if (document.RootElement.TryGetProperty(group, out var values) && values.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in values.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number))
                {
                    metrics[group + "." + property.Name] = property.Value.GetDouble();
                }
            }
        }

        return metrics;
    }
}
