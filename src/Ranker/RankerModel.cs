using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Core.Catalog;
using Streaming.Core.Models;
using Streaming.Serving;

namespace Streaming.Ranker;

/// <summary>
/// The served fused model: the latest registry version's ranker graph (<c>ranker.onnx</c>) and item catalog, loaded on
/// first use (so host start is not held up) and kept for the process's life. Null when no registry is configured or
/// it is empty; a version without a ranker graph (SR-GNN only) loads with <see cref="Loaded.Ranker"/> null.
/// </summary>
public sealed partial class RankerModel(IOptions<RankerOptions> options, ILogger<RankerModel> logger) : IDisposable
{
    private readonly Lazy<Loaded?> _loaded = new(() => Load(options.Value, logger), LazyThreadSafetyMode.ExecutionAndPublication);

    public Loaded? Current => _loaded.Value;

    public void Dispose()
    {
        if (_loaded.IsValueCreated)
        {
            _loaded.Value?.Ranker?.Dispose();
        }
    }

    private static Loaded? Load(RankerOptions options, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(options.RegistryPath) || !Directory.Exists(options.RegistryPath))
        {
            Log.NoRegistry(logger, options.RegistryPath ?? "");
            return null;
        }

        var version = new ModelRegistry(options.RegistryPath).Latest();
        if (version is null)
        {
            Log.NoRegistry(logger, options.RegistryPath);
            return null;
        }

        var catalog = ItemCatalog.Load(version.CatalogPath);
        if (version.Manifest.RankerGraph is null)
        {
            Log.NoRanker(logger, version.Version, version.Manifest.Model);
            return new Loaded(version.Version, catalog, null, 0, CopyEmptyGroup: false);
        }

        var ranker = OnnxRanker.Load(version.RankerGraphPath, new OnnxSessionOptions { IntraOpThreads = options.IntraOpThreads });
        var dimension = version.Manifest.IntentDimension ?? ranker.IntentDimension;
        if (dimension != ranker.IntentDimension || ranker.ItemCount != catalog.Count)
        {
            ranker.Dispose();
            throw new InvalidDataException(
                $"Model version {version.Version}: the ranker graph takes {ranker.IntentDimension}-d intents and scores {ranker.ItemCount} items, " +
                $"but the manifest says {dimension}-d and the catalog has {catalog.Count} items.");
        }

        // The rule the model was trained with wins over the setting, which only covers versions that do not record it.
        var emptyGroup = version.Manifest.HyperParameters.GetValueOrDefault(InferenceGraph.EmptyIntentGroupParameter, options.EmptyIntentGroup);
        Log.Loaded(logger, version.Version, dimension, ranker.Width, ranker.ExecutionProvider, emptyGroup);
        return new Loaded(version.Version, catalog, ranker, dimension, emptyGroup == InferenceGraph.EmptyGroupCopy);
    }

    /// <summary>
    /// One loaded model version; <see cref="Ranker"/> is null for a version without a fused ranker graph.
    /// <see cref="CopyEmptyGroup"/>: feed an empty intent group as the stored copy of the other group (else as absent).
    /// </summary>
    public sealed record Loaded(string Version, ItemCatalog Catalog, OnnxRanker? Ranker, int IntentDimension, bool CopyEmptyGroup);

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, EventName = "RankerLoaded", Level = LogLevel.Information,
            Message = "Serving ranker of model version {Version}: {IntentDimension}-d intents, top {Width}, {ExecutionProvider}, empty intent group {EmptyIntentGroup}")]
        public static partial void Loaded(ILogger logger, string version, int intentDimension, int width, string executionProvider, string emptyIntentGroup);

        [LoggerMessage(EventId = 4002, EventName = "RankerMissing", Level = LogLevel.Warning,
            Message = "Model version {Version} ({Model}) has no ranker graph: candidate lists are passed on as recommendations")]
        public static partial void NoRanker(ILogger logger, string version, string model);

        [LoggerMessage(EventId = 4003, EventName = "NoModelRegistry", Level = LogLevel.Warning,
            Message = "No model in registry '{RegistryPath}' (Ranker:RegistryPath): events are consumed and skipped")]
        public static partial void NoRegistry(ILogger logger, string registryPath);
    }
}
