using Microsoft.ML.OnnxRuntime;
using Streaming.Core.Models;
using Streaming.ServiceDefaults;

namespace Streaming.Serving;

/// <summary>
/// What a serving worker answers with, taken from a model registry and kept current. The first version
/// (<see cref="ChooseInitial"/>) is loaded at start-up by a hosted service (<see cref="WarmUpAsync"/>, registered with
/// <see cref="Readiness.AddWarmUp{T}"/>; the worker reports ready once it is done), and batches wait for that load
/// (<see cref="AcquireAsync"/>) rather than running it. After that each announcement of a newer version
/// (<see cref="Announced"/>, fed from the <c>models</c> topic) is checked against the registry (present, same content
/// hash), loaded — the ONNX Runtime session built first — and swapped in through a <see cref="ServedModel{T}"/>, so a
/// batch holding a lease finishes on the version it started with. A version that fails to load leaves the current one
/// in service. Subclasses load a version, may pick another version than the announced one, and report what happened
/// (metrics, logs).
/// </summary>
/// <typeparam name="T">The loaded version (ONNX session, catalog, version name).</typeparam>
public abstract class RegistryServedModel<T> : IDisposable, IWarmUp
    where T : class, IDisposable
{
    private readonly ServedModel<T> _served = new();
    private readonly Lock _loading = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _initialised;

    protected RegistryServedModel(string? registryPath) =>
        RegistryPath = string.IsNullOrWhiteSpace(registryPath) ? null : registryPath;

    /// <summary>The registry directory, or null when none is configured (then nothing is ever served).</summary>
    public string? RegistryPath { get; }

    /// <summary>The version new batches get (null: none, or not loaded yet); for display and tests — use <see cref="AcquireAsync"/> to run it.</summary>
    public T? Current => _served.Current;

    /// <summary>True once the start-up load has run (whether or not it found a version to serve).</summary>
    public bool IsWarm => _started.Task.IsCompleted;

    /// <summary>Loads the first version to serve, once; the hosted service of <see cref="Readiness.AddWarmUp{T}"/> calls it at start-up.</summary>
    public Task WarmUpAsync(CancellationToken cancellationToken) => Task.Run(LoadFirst, cancellationToken);

    /// <summary>
    /// A lease on the current version for one batch (null when nothing is served); dispose it after the batch. Waits for
    /// the start-up load when a batch comes before it has finished (that batch would otherwise be skipped as having no model).
    /// </summary>
    public async ValueTask<ServedModelLease<T>?> AcquireAsync(CancellationToken cancellationToken)
    {
        if (!_started.Task.IsCompleted)
        {
            await _started.Task.WaitAsync(cancellationToken);
        }

        return _served.Acquire();
    }

    /// <summary>Acts on the announcement that <paramref name="version"/>, with <paramref name="contentHash"/>, was published.</summary>
    public void Announced(string version, string contentHash)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (RegistryPath is null)
        {
            return;
        }

        var registry = new ModelRegistry(RegistryPath);
        lock (_loading)
        {
            // An announcement may come before the first batch: load what the registry has first, then compare.
            InitialiseLocked(registry);
            var current = _served.Current;
            if (ModelRegistry.VersionNumber(version) is not { } announced
                || (current is not null && announced <= ModelRegistry.VersionNumber(VersionOf(current))))
            {
                return;
            }

            ModelVersion published;
            try
            {
                published = registry.Get(version);
            }
            catch (DirectoryNotFoundException)
            {
                OnNotSwapped("not-in-registry", version, $"{registry.Root} has no such version (is the worker's RegistryPath the trainer's registry?)", null);
                return;
            }

            if (!string.Equals(published.Manifest.ContentHash, contentHash, StringComparison.Ordinal))
            {
                OnNotSwapped("content-hash-mismatch", version, $"{registry.Root} holds content hash {published.Manifest.ContentHash}, the announcement says {contentHash}", null);
                return;
            }

            if (ChooseAnnounced(registry, published, current) is { } target)
            {
                SwapTo(target, current is null ? null : VersionOf(current));
            }
        }
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Loads one version; may throw on a broken or foreign version (it is then not served).</summary>
    protected abstract T Load(ModelVersion version);

    /// <summary>The registry version name (<c>v000001</c>) a loaded model came from.</summary>
    protected abstract string VersionOf(T model);

    /// <summary>The version to serve first; null serves nothing until an announcement.</summary>
    protected virtual ModelVersion? ChooseInitial(ModelRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Latest();
    }

    /// <summary>The version to swap to on the announcement of the newer <paramref name="announced"/>; null keeps the current one.</summary>
    protected virtual ModelVersion? ChooseAnnounced(ModelRegistry registry, ModelVersion announced, T? current) => announced;

    /// <summary>A version went into service (the first one too; <paramref name="previousVersion"/> is then null).</summary>
    protected abstract void OnSwapped(T model, string? previousVersion);

    /// <summary>
    /// A version was not put into service: <c>not-in-registry</c>, <c>content-hash-mismatch</c>, <c>load-failed</c>,
    /// <c>registry-unreadable</c> (then the first load is tried again on the next announcement), or a subclass's own reason.
    /// </summary>
    protected abstract void OnNotSwapped(string reason, string version, string detail, Exception? exception);

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _served.Dispose();
        }
    }

    private void LoadFirst()
    {
        lock (_loading)
        {
            if (RegistryPath is not null)
            {
                InitialiseLocked(new ModelRegistry(RegistryPath));
            }
        }

        _started.TrySetResult();
    }

    // Under _loading. An unreadable registry leaves the flag down: the next announcement tries the first load again.
    private void InitialiseLocked(ModelRegistry registry)
    {
        if (_initialised)
        {
            return;
        }

        try
        {
            if (ChooseInitial(registry) is { } first)
            {
                SwapTo(first, previousVersion: null);
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            OnNotSwapped("registry-unreadable", "-", registry.Root, ex);
            return;
        }

        _initialised = true;
    }

    private void SwapTo(ModelVersion version, string? previousVersion)
    {
        T loaded;
        try
        {
            loaded = Load(version);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException or OnnxRuntimeException)
        {
            OnNotSwapped("load-failed", version.Version, version.Directory, ex);
            return;
        }

        _served.Swap(loaded);
        OnSwapped(loaded, previousVersion);
    }
}
