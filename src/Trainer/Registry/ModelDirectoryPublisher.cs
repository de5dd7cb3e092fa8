using System.Globalization;
using System.Text.Json;
using Streaming.Core.Catalog;
using Streaming.Core.Models;
using Streaming.Trainer.Training;

namespace Streaming.Trainer.Registry;

/// <summary>
/// Publishes what <c>streaming train --out DIR</c> wrote (<c>srgnn.weights</c>, <c>model.json</c>,
/// <c>metrics.json</c>) as a registry version: the candidate graph, the catalog, the metrics
/// (<c>selected.*</c> and <c>best.*</c>, percent on test), the model's sizes as hyper-parameters, and
/// the TorchSharp files themselves so the version can be retrained or re-exported.
/// </summary>
public static class ModelDirectoryPublisher
{
    /// <param name="modelDirectory">What <c>train --out</c> wrote.</param>
    /// <param name="registry">Where to publish.</param>
    /// <param name="catalogFor">The item catalog of a dataset; null means ids 1..N (the paper splits' own ids).</param>
    /// <param name="topK">K of the candidate lists.</param>
    /// <param name="time">Clock for the manifest's creation time.</param>
    public static ModelVersion Publish(string modelDirectory, ModelRegistry registry, Func<string, ItemCatalog?> catalogFor, int topK, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(catalogFor);
        var (model, manifest) = ModelDirectory.Load(modelDirectory);
        using (model)
        {
            model.eval();
            var extra = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [ModelDirectory.WeightsFile] = Path.Combine(modelDirectory, ModelDirectory.WeightsFile),
                ["trainer-" + ModelDirectory.ManifestFile] = Path.Combine(modelDirectory, ModelDirectory.ManifestFile),
            };
            var metricsPath = Path.Combine(modelDirectory, MetricsJsonWriter.FileName);
            if (File.Exists(metricsPath))
            {
                extra[MetricsJsonWriter.FileName] = metricsPath;
            }

            var publication = new ModelPublication
            {
                Dataset = manifest.Dataset,
                Catalog = catalogFor(manifest.Dataset) ?? ItemCatalog.Build(Enumerable.Range(1, manifest.ItemCount).Select(i => i.ToString(CultureInfo.InvariantCulture))),
                DataWindow = new DataWindow("paper-split:" + manifest.Dataset),
                CandidateModel = model,
                Steps = manifest.Steps,
                TopK = topK,
                HyperParameters = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["hidden"] = manifest.Hidden.ToString(CultureInfo.InvariantCulture),
                    ["steps"] = manifest.Steps.ToString(CultureInfo.InvariantCulture),
                    ["epoch"] = manifest.Epoch.ToString(CultureInfo.InvariantCulture),
                },
                Metrics = File.Exists(metricsPath) ? ReadMetrics(metricsPath) : new Dictionary<string, double>(),
                ExtraFiles = extra,
            };
            return ModelPublisher.Publish(registry, publication, time);
        }
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
