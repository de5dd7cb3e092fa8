using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Streaming.ServiceDefaults;

/// <summary>Readiness of one worker: healthy once its <see cref="IWarmUp"/> has finished, unhealthy ("warming up") before.</summary>
/// <typeparam name="T">The singleton that warms up.</typeparam>
public sealed class WarmUpHealthCheck<T>(T warmUp) : IHealthCheck
    where T : class, IWarmUp
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(warmUp.IsWarm ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("warming up"));
}
