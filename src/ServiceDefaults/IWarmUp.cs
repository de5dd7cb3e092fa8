namespace Streaming.ServiceDefaults;

/// <summary>
/// Work a worker does once at start-up before it can answer well (loading its first model, encoding a catalog). Run by
/// <see cref="WarmUpService{T}"/> off the start-up path; <see cref="IsWarm"/> is what the readiness check reports.
/// </summary>
public interface IWarmUp
{
    /// <summary>True once <see cref="WarmUpAsync"/> has finished (whatever it found: an empty registry is a finished start-up too).</summary>
    bool IsWarm { get; }

    Task WarmUpAsync(CancellationToken cancellationToken);
}
