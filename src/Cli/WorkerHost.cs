using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Streaming.Messaging;
using Streaming.ServiceDefaults;

namespace Streaming.Cli;

/// <summary>Builds and runs worker hosts: configuration from appsettings, environment and command line, validated at start.</summary>
internal static class WorkerHost
{
    public static IHost Build(IEnumerable<string> workers, string[] args, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = Host.CreateApplicationBuilder(args);
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        builder.AddServiceDefaults();
        foreach (var worker in workers)
        {
            WorkerCatalog.Available[worker](builder);
        }

        return builder.Build();
    }

    /// <summary>
    /// Runs a host until the token fires or the host stops itself, and stops it (the caller disposes it). Exit code 1
    /// after a fatal Kafka error (<see cref="KafkaFatalErrors"/>), 0 otherwise; a configuration error is reported in
    /// one line and exit code 3.
    /// </summary>
    public static async Task<int> RunAsync(IHost host, CancellationToken cancellationToken)
    {
        try
        {
            await host.StartAsync(cancellationToken);
            await host.WaitForShutdownAsync(cancellationToken);
            // The one place a worker's exit code is decided: crash-only, a fatal Kafka error asks for a restart.
            return host.Services.GetService<KafkaFatalErrors>() is { Occurred: true } ? 1 : 0;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"configuration error: {string.Join("; ", ex.Failures)}");
            return 3;
        }
    }
}
