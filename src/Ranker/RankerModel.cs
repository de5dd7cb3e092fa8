using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Core.Catalog;
using Streaming.Core.Contracts;
using Streaming.Core.Models;
using Streaming.Messaging;
using Streaming.Serving;

namespace Streaming.Ranker;

/// <summary>
/// The served fused model: a registry version's ranker graph (<c>ranker.onnx</c>) and item catalog. First the newest
/// version that has a ranker graph is served (else the latest version, without one: candidate lists are then passed
/// on); each newer version announced on <c>models</c> (<see cref="ModelPublished"/>) with a ranker graph is swapped
/// in. An announced version without one (the streaming Trainer retrains SR-GNN only) brings in a fused version
/// published in between, if any, and otherwise leaves a served fused ranker in service. Loading, leases and swaps:
/// <see cref="RegistryServedModel{T}"/>.
/// </summary>
public sealed partial class RankerModel(IOptions<RankerOptions> options, RankerMetrics metrics, ILogger<RankerModel> logger)
    : RegistryServedModel<LoadedRanker>(options.Value.RegistryPath), IModelPublishedObserver
{
    private readonly RankerOptions _options = options.Value;

    public ValueTask OnPublishedAsync(ModelPublished published, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(published);
        Announced(published.Version, published.ContentHash);
        return ValueTask.CompletedTask;
    }

    protected override ModelVersion? ChooseInitial(ModelRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var versions = registry.List();
        var chosen = versions.LastOrDefault(v => v.Manifest.RankerGraph is not null) ?? (versions.Count > 0 ? versions[^1] : null);
        if (chosen is null)
        {
            Log.NoRegistry(logger, registry.Root);
        }

        return chosen;
    }

    protected override ModelVersion? ChooseAnnounced(ModelRegistry registry, ModelVersion announced, LoadedRanker? current)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(announced);
        if (announced.Manifest.RankerGraph is not null)
        {
            return announced;
        }

        // The stream retrains SR-GNN only; a fused version published in between (streaming models publish) is the
        // one to serve, announced or not.
        var fused = registry.List().LastOrDefault(v => v.Manifest.RankerGraph is not null && ModelRegistry.VersionNumber(v.Version) > (current?.Number ?? 0));
        if (fused is not null || current?.Ranker is null)
        {
            return fused ?? announced;
        }

        metrics.SwapSkipped("no-ranker");
        Log.KeepsRanker(logger, announced.Version, current.Version);
        return null;
    }

    protected override LoadedRanker Load(ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var catalog = ItemCatalog.Load(version.CatalogPath);
        if (version.Manifest.RankerGraph is null)
        {
            Log.NoRanker(logger, version.Version, version.Manifest.Model);
            return new LoadedRanker(version.Version, catalog, null, 0, CopyEmptyGroup: false);
        }

        var ranker = OnnxRanker.Load(version.RankerGraphPath, new OnnxSessionOptions { IntraOpThreads = _options.IntraOpThreads });
        var dimension = version.Manifest.IntentDimension ?? ranker.IntentDimension;
        if (dimension != ranker.IntentDimension || ranker.ItemCount != catalog.Count)
        {
            ranker.Dispose();
            throw new InvalidDataException(
                $"Model version {version.Version}: the ranker graph takes {ranker.IntentDimension}-d intents and scores {ranker.ItemCount} items, " +
                $"but the manifest says {dimension}-d and the catalog has {catalog.Count} items.");
        }

        // The rule the model was trained with wins over the setting, which only covers versions that do not record it.
        var emptyGroup = version.Manifest.HyperParameters.GetValueOrDefault(InferenceGraph.EmptyIntentGroupParameter, _options.EmptyIntentGroup);
        Log.Loaded(logger, version.Version, dimension, ranker.Width, ranker.ExecutionProvider, emptyGroup);
        return new LoadedRanker(version.Version, catalog, ranker, dimension, emptyGroup == InferenceGraph.EmptyGroupCopy);
    }

    protected override string VersionOf(LoadedRanker model) => model.Version;

    protected override void OnSwapped(LoadedRanker model, string? previousVersion) => metrics.Swapped();

    protected override void OnNotSwapped(string reason, string version, string detail, Exception? exception)
    {
        metrics.SwapSkipped(reason);
        Log.NotSwapped(logger, exception, version, reason, detail);
    }

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

        [LoggerMessage(EventId = 4004, EventName = "RankerKept", Level = LogLevel.Information,
            Message = "Model version {Version} has no ranker graph: the fused ranker of {Served} stays in service")]
        public static partial void KeepsRanker(ILogger logger, string version, string served);

        [LoggerMessage(EventId = 4005, EventName = "RankerNotSwapped", Level = LogLevel.Warning,
            Message = "Model {Version} not put into service ({Reason}): {Detail}; the current version, if any, stays")]
        public static partial void NotSwapped(ILogger logger, Exception? exception, string version, string reason, string detail);
    }
}
