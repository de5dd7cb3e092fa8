using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Streaming.ServiceDefaults;

/// <summary>
/// Readiness of a host's workers: every worker that must warm up registers a health check tagged <see cref="Tag"/>
/// (<see cref="AddWarmUp{T}"/>); the host is ready when all of them are healthy. Query it with
/// <c>HealthCheckService.CheckHealthAsync(r =&gt; r.Tags.Contains(Readiness.Tag))</c> or wait with <see cref="WaitAsync"/>.
/// </summary>
public static class Readiness
{
    /// <summary>The tag of readiness checks.</summary>
    public const string Tag = "ready";

    /// <summary>
    /// Runs <typeparamref name="T"/>'s warm-up in a hosted service at start-up and reports it as readiness check
    /// <paramref name="name"/>. <typeparamref name="T"/> must be registered as a singleton.
    /// </summary>
    public static IServiceCollection AddWarmUp<T>(this IServiceCollection services, string name)
        where T : class, IWarmUp
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        services.AddHostedService<WarmUpService<T>>();
        services.AddSingleton<IWarmUp>(provider => provider.GetRequiredService<T>());
        services.AddHealthChecks().AddCheck<WarmUpHealthCheck<T>>(name, tags: [Tag]);
        return services;
    }

    /// <summary>The readiness checks of the host whose services these are (a host without any is ready).</summary>
    public static Task<HealthReport> CheckAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var checks = services.GetService<HealthCheckService>();
        return checks is null
            ? Task.FromResult(new HealthReport(new Dictionary<string, HealthReportEntry>(), TimeSpan.Zero))
            : checks.CheckHealthAsync(registration => registration.Tags.Contains(Tag), cancellationToken);
    }

    /// <summary>
    /// Waits until every warm-up of the host has finished, then returns the readiness report (the health check
    /// service logs every unhealthy result as an error, so the wait watches the warm-ups themselves).
    /// </summary>
    public static async Task<HealthReport> WaitAsync(IServiceProvider services, CancellationToken cancellationToken, TimeSpan? poll = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var warmUps = services.GetServices<IWarmUp>().ToList();
        while (!warmUps.TrueForAll(warmUp => warmUp.IsWarm))
        {
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(100), time ?? TimeProvider.System, cancellationToken);
        }

        return await CheckAsync(services, cancellationToken);
    }
}
