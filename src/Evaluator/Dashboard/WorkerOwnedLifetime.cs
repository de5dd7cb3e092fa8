using Microsoft.Extensions.Hosting;

namespace Streaming.Evaluator.Dashboard;

/// <summary>
/// The dashboard's web host is started and stopped by the worker host, so it must not listen for Ctrl-C and
/// SIGTERM itself (the default console lifetime would, and print its own start-up lines).
/// </summary>
internal sealed class WorkerOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
