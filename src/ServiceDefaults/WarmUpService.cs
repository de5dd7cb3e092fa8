using Microsoft.Extensions.Hosting;

namespace Streaming.ServiceDefaults;

/// <summary>Runs a worker's <see cref="IWarmUp"/> once when the host starts, without holding up the other hosted services.</summary>
/// <typeparam name="T">The singleton that warms up.</typeparam>
public sealed class WarmUpService<T>(T warmUp) : BackgroundService
    where T : class, IWarmUp
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => warmUp.WarmUpAsync(stoppingToken);
}
