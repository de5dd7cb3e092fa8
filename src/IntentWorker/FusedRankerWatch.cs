using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Core.Contracts;
using Streaming.Core.Models;
using Streaming.Messaging;
using Streaming.ServiceDefaults;

namespace Streaming.IntentWorker;

/// <summary>
/// Whether a fused ranker is served, so intents can be used at all: the Ranker serves the newest registry version with
/// a ranker graph, so one is served as soon as <see cref="IntentWorkerOptions.RegistryPath"/> holds such a version.
/// Read at start-up (<see cref="WarmUpAsync"/>) and again on every <see cref="ModelPublished"/> on <c>models</c>.
/// Without a registry setting the worker cannot tell and assumes one is served (a Ranker configured elsewhere).
/// </summary>
public sealed partial class FusedRankerWatch(IOptions<IntentWorkerOptions> options, ILogger<FusedRankerWatch> logger) : IModelPublishedObserver, IWarmUp
{
    private readonly string? _registryPath = string.IsNullOrWhiteSpace(options.Value.RegistryPath) ? null : options.Value.RegistryPath;
    private readonly TaskCompletionSource _read = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _served;

    public bool IsWarm => _read.Task.IsCompleted;

    /// <summary>The version whose fused ranker is served (the newest with one), or null; for logs and tests.</summary>
    public string? ServedVersion => _served;

    public Task WarmUpAsync(CancellationToken cancellationToken) => Task.Run(
        () =>
        {
            Refresh();
            _read.TrySetResult();
        },
        cancellationToken);

    /// <summary>True when a fused ranker is served (waits for the start-up read of the registry).</summary>
    public async ValueTask<bool> IsServedAsync(CancellationToken cancellationToken)
    {
        if (!IsWarm)
        {
            await _read.Task.WaitAsync(cancellationToken);
        }

        return _registryPath is null || _served is not null;
    }

    public ValueTask OnPublishedAsync(ModelPublished published, CancellationToken cancellationToken)
    {
        Refresh();
        return ValueTask.CompletedTask;
    }

    private void Refresh()
    {
        if (_registryPath is null)
        {
            return;
        }

        try
        {
            var fused = new ModelRegistry(_registryPath).List().LastOrDefault(v => v.Manifest.RankerGraph is not null)?.Version;
            if (!string.Equals(fused, _served, StringComparison.Ordinal))
            {
                Log.FusedRanker(logger, fused ?? "none", _registryPath);
            }

            _served = fused;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // Keep what was known: the next announcement reads the registry again.
            Log.RegistryUnreadable(logger, ex, _registryPath);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 14, EventName = "FusedRankerServed", Level = LogLevel.Information,
            Message = "Fused ranker in registry {RegistryPath}: {Version} (none: candidate sets are skipped as no-fused-ranker)")]
        public static partial void FusedRanker(ILogger logger, string version, string registryPath);

        [LoggerMessage(EventId = 15, EventName = "RegistryUnreadable", Level = LogLevel.Warning,
            Message = "Model registry {RegistryPath} could not be read; whether a fused ranker is served stays as it was")]
        public static partial void RegistryUnreadable(ILogger logger, Exception exception, string registryPath);
    }
}
