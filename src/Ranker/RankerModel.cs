using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Core.Catalog;
using Streaming.Core.Contracts;
using Streaming.Core.Models;
using Streaming.Messaging;
using Streaming.Serving;

namespace Streaming.Ranker;

/// <summary>
/// The served fused model: a registry version's ranker graph (<c>ranker.onnx</c>) and item catalog. On first use the
/// newest version that has a ranker graph is loaded (else the latest version, without one: candidate lists are then
/// passed on); after that every <see cref="ModelPublished"/> announcement of a newer version with a ranker graph is
/// loaded (the ONNX Runtime session is built first) and swapped in atomically. An announced version without a ranker
/// graph (the streaming Trainer retrains SR-GNN only) leaves a served fused ranker in service. Batches hold a lease
/// (<see cref="Acquire"/>) for their whole run, so one version answers a batch and a replaced session is disposed only
/// after its last batch.
/// </summary>
public sealed partial class RankerModel : IModelPublishedObserver, IDisposable
{
    private readonly RankerOptions _options;
    private readonly RankerMetrics _metrics;
    private readonly ILogger<RankerModel> _logger;
    private readonly ServedModel<LoadedRanker> _served = new();
    private readonly Lock _loading = new();
    private volatile bool _initialised;

    public RankerModel(IOptions<RankerOptions> options, RankerMetrics metrics, ILogger<RankerModel> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>The version new batches get (null: none); for display and tests.</summary>
    public LoadedRanker? Current
    {
        get
        {
            EnsureInitialised();
            return _served.Current;
        }
    }

    /// <summary>A lease on the current version for one batch (null when nothing is served); dispose it after the batch.</summary>
    public ServedModelLease<LoadedRanker>? Acquire()
    {
        EnsureInitialised();
        return _served.Acquire();
    }

    public ValueTask OnPublishedAsync(ModelPublished published, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(published);
        if (Registry() is not { } registry)
        {
            return ValueTask.CompletedTask;
        }

        lock (_loading)
        {
            // An announcement may arrive before the first batch: load what the registry has first, then compare.
            InitialiseLocked(registry);
            var current = _served.Current;
            if (ModelRegistry.VersionNumber(published.Version) is not { } announced
                || (current is not null && announced <= current.Number))
            {
                return ValueTask.CompletedTask;
            }

            ModelVersion version;
            try
            {
                version = registry.Get(published.Version);
            }
            catch (DirectoryNotFoundException)
            {
                _metrics.SwapSkipped("not-in-registry");
                Log.NotInRegistry(_logger, published.Version, registry.Root);
                return ValueTask.CompletedTask;
            }

            if (!string.Equals(version.Manifest.ContentHash, published.ContentHash, StringComparison.Ordinal))
            {
                _metrics.SwapSkipped("content-hash-mismatch");
                Log.HashMismatch(_logger, published.Version, registry.Root);
                return ValueTask.CompletedTask;
            }

            if (version.Manifest.RankerGraph is null)
            {
                // The stream retrains SR-GNN only; a fused version published in between (streaming models publish) is
                // the one to serve, announced or not.
                var fused = registry.List().LastOrDefault(v => v.Manifest.RankerGraph is not null && ModelRegistry.VersionNumber(v.Version) > (current?.Number ?? 0));
                if (fused is not null)
                {
                    SwapTo(fused);
                    return ValueTask.CompletedTask;
                }

                if (current?.Ranker is not null)
                {
                    _metrics.SwapSkipped("no-ranker");
                    Log.KeepsRanker(_logger, version.Version, current.Version);
                    return ValueTask.CompletedTask;
                }
            }

            SwapTo(version);
        }

        return ValueTask.CompletedTask;
    }

    public void Dispose() => _served.Dispose();

    private ModelRegistry? Registry() =>
        string.IsNullOrWhiteSpace(_options.RegistryPath) ? null : new ModelRegistry(_options.RegistryPath);

    private void EnsureInitialised()
    {
        if (_initialised)
        {
            return;
        }

        lock (_loading)
        {
            if (Registry() is { } registry)
            {
                InitialiseLocked(registry);
            }
            else
            {
                Log.NoRegistry(_logger, _options.RegistryPath ?? string.Empty);
                _initialised = true;
            }
        }
    }

    // Under _loading. The flag is raised only after the load, so a batch never sees "initialised" with nothing served
    // while the first load is still running on another thread (it waits on the lock instead). An unreadable registry
    // leaves the flag down: the next batch or announcement tries again.
    private void InitialiseLocked(ModelRegistry registry)
    {
        if (_initialised)
        {
            return;
        }

        try
        {
            var versions = registry.List();
            var chosen = versions.LastOrDefault(v => v.Manifest.RankerGraph is not null) ?? (versions.Count > 0 ? versions[^1] : null);
            if (chosen is null)
            {
                Log.NoRegistry(_logger, registry.Root);
            }
            else
            {
                SwapTo(chosen);
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            _metrics.SwapSkipped("registry-unreadable");
            Log.LoadFailed(_logger, ex, "newest", registry.Root);
            return;
        }

        _initialised = true;
    }

    // Builds the new session first; a version that fails to load leaves the current one in service.
    private void SwapTo(ModelVersion version)
    {
        LoadedRanker loaded;
        try
        {
            loaded = Load(version);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException
                                       or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            _metrics.SwapSkipped("load-failed");
            Log.LoadFailed(_logger, ex, version.Version, version.Directory);
            return;
        }

        _served.Swap(loaded);
        _metrics.Swapped();
    }

    private LoadedRanker Load(ModelVersion version)
    {
        var catalog = ItemCatalog.Load(version.CatalogPath);
        if (version.Manifest.RankerGraph is null)
        {
            Log.NoRanker(_logger, version.Version, version.Manifest.Model);
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
        Log.Loaded(_logger, version.Version, dimension, ranker.Width, ranker.ExecutionProvider, emptyGroup);
        return new LoadedRanker(version.Version, catalog, ranker, dimension, emptyGroup == InferenceGraph.EmptyGroupCopy);
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

        [LoggerMessage(EventId = 4005, EventName = "RankerLoadFailed", Level = LogLevel.Error,
            Message = "Model {Version} at {Directory} could not be loaded; the current version stays in service")]
        public static partial void LoadFailed(ILogger logger, Exception exception, string version, string directory);

        [LoggerMessage(EventId = 4006, EventName = "AnnouncedVersionNotInRegistry", Level = LogLevel.Warning,
            Message = "Model {Version} was announced, but {Registry} has no such version (is Ranker:RegistryPath the trainer's registry?)")]
        public static partial void NotInRegistry(ILogger logger, string version, string registry);

        [LoggerMessage(EventId = 4007, EventName = "AnnouncedVersionHashMismatch", Level = LogLevel.Warning,
            Message = "Model {Version} in {Registry} does not have the announced content hash: not swapping (a different registry?)")]
        public static partial void HashMismatch(ILogger logger, string version, string registry);
    }
}
