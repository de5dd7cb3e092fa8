using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Core.Catalog;
using Streaming.Core.Contracts;
using Streaming.Core.Models;
using Streaming.Messaging;
using Streaming.Serving;

namespace Streaming.Candidates;

/// <summary>
/// The served candidate generator: a registry version's ONNX graph and item catalog. The registry's latest version
/// is loaded on first use (so host start is not held up); after that every <see cref="ModelPublished"/> announcement
/// of a newer version loads that version (the new ONNX Runtime session is built first) and swaps it in atomically.
/// Batches hold a lease (<see cref="Acquire"/>) for their whole run, so a batch is scored by exactly one version and
/// the replaced session is disposed only after the last batch using it is done. Without a registry nothing is served.
/// </summary>
public sealed partial class CandidateModel : IModelPublishedObserver, IDisposable
{
    private readonly CandidatesOptions _options;
    private readonly CandidatesMetrics _metrics;
    private readonly ILogger<CandidateModel> _logger;
    private readonly ServedModel<LoadedCandidateModel> _served = new();
    private readonly Lock _loading = new();
    private volatile bool _initialised;

    public CandidateModel(IOptions<CandidatesOptions> options, CandidatesMetrics metrics, ILogger<CandidateModel> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>The version new batches get (null: none); for display and tests.</summary>
    public string? CurrentVersion
    {
        get
        {
            EnsureInitialised();
            return _served.Current?.Version;
        }
    }

    /// <summary>A lease on the current version for one batch (null when nothing is served); dispose it after the batch.</summary>
    public ServedModelLease<LoadedCandidateModel>? Acquire()
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
                _metrics.SwapFailed("not-in-registry");
                Log.NotInRegistry(_logger, published.Name, published.Version, registry.Root, published.Location);
                return ValueTask.CompletedTask;
            }

            if (!string.Equals(version.Manifest.ContentHash, published.ContentHash, StringComparison.Ordinal))
            {
                _metrics.SwapFailed("content-hash-mismatch");
                Log.HashMismatch(_logger, published.Version, registry.Root, published.ContentHash, version.Manifest.ContentHash);
                return ValueTask.CompletedTask;
            }

            SwapTo(version, current?.Version);
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
            if (registry.Latest() is { } latest)
            {
                SwapTo(latest, previous: null);
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            _metrics.SwapFailed("registry-unreadable");
            Log.LoadFailed(_logger, ex, "latest", registry.Root);
            return;
        }

        _initialised = true;
    }

    // Builds the new session first; a version that fails to load leaves the current one in service.
    private void SwapTo(ModelVersion version, string? previous)
    {
        LoadedCandidateModel loaded;
        try
        {
            loaded = Load(version);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException
                                       or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            _metrics.SwapFailed("load-failed");
            Log.LoadFailed(_logger, ex, version.Version, version.Directory);
            return;
        }

        _served.Swap(loaded);
        _metrics.Swapped(loaded.Number);
        Log.Swapped(_logger, loaded.Version, previous ?? "none", loaded.Catalog.Count);
    }

    private LoadedCandidateModel Load(ModelVersion version)
    {
        var catalog = ItemCatalog.Load(version.CatalogPath);
        var generator = OnnxCandidateGenerator.Load(version.CandidateGraphPath, new OnnxSessionOptions { IntraOpThreads = _options.IntraOpThreads });
        return new LoadedCandidateModel(version.Version, catalog, generator);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3101, EventName = "ModelSwapped", Level = LogLevel.Information,
            Message = "Serving candidate model {Version} (was {Previous}), {Items} items")]
        public static partial void Swapped(ILogger logger, string version, string previous, int items);

        [LoggerMessage(EventId = 3102, EventName = "ModelLoadFailed", Level = LogLevel.Error,
            Message = "Model {Version} at {Directory} could not be loaded; the current version stays in service")]
        public static partial void LoadFailed(ILogger logger, Exception exception, string version, string directory);

        [LoggerMessage(EventId = 3103, EventName = "AnnouncedVersionNotInRegistry", Level = LogLevel.Warning,
            Message = "Model {Name} {Version} was announced at {Location}, but {Registry} has no such version (is Candidates:RegistryPath the trainer's registry?)")]
        public static partial void NotInRegistry(ILogger logger, string name, string version, string registry, string location);

        [LoggerMessage(EventId = 3104, EventName = "AnnouncedVersionHashMismatch", Level = LogLevel.Warning,
            Message = "Model {Version} in {Registry} has content hash {Found}, but the announcement says {Announced}: not swapping (a different registry?)")]
        public static partial void HashMismatch(ILogger logger, string version, string registry, string announced, string found);
    }
}
