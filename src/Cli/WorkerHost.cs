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
    /// <summary>A host running <paramref name="workers"/>, plus what <paramref name="compose"/> adds (e.g. a benchmark's probe consumer).</summary>
    public static IHost Build(IEnumerable<string> workers, string[] args, IReadOnlyDictionary<string, string?>? overrides = null, Action<IHostApplicationBuilder>? compose = null)
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

        compose?.Invoke(builder);

        return builder.Build();
    }

    /// <summary>Exit code of a missing or invalid setting (documented in the README).</summary>
    public const int ConfigurationErrorExitCode = 3;

    /// <summary>
    /// Runs a host until the token fires or the host stops itself, and stops it (the caller disposes it). Exit code 1
    /// after a fatal Kafka error (<see cref="KafkaFatalErrors"/>), 0 otherwise; a configuration error is reported in
    /// one line and exit code 3.
    /// </summary>
    public static async Task<int> RunAsync(IHost host, CancellationToken cancellationToken)
    {
        if (await StartAsync(host, cancellationToken) is { } failed)
        {
            return failed;
        }

        await host.WaitForShutdownAsync(cancellationToken);
        return ExitCode(host);
    }

    /// <summary>
    /// The one place a worker's exit code is decided, once its host has stopped: crash-only, a fatal Kafka error asks
    /// for a restart (1); 0 otherwise.
    /// </summary>
    public static int ExitCode(IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Services.GetService<KafkaFatalErrors>() is { Occurred: true } ? 1 : 0;
    }

    /// <summary>
    /// Validates a built host's settings without starting it (null when valid, else exit code 3 after one line naming
    /// the settings), so a long preparation such as the <c>up</c> bootstrap does not run for a host that cannot start.
    /// </summary>
    public static async Task<int?> ValidateAsync(IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        try
        {
            host.Services.GetService<IStartupValidator>()?.Validate();
            return null;
        }
        catch (OptionsValidationException ex)
        {
            return await ConfigurationErrorAsync(ex);
        }
    }

    /// <summary>
    /// Starts a host: null when it runs, else the exit code to end with (a configuration error is reported in one
    /// line naming the settings, without a stack trace).
    /// </summary>
    public static async Task<int?> StartAsync(IHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        try
        {
            await host.StartAsync(cancellationToken);
            return null;
        }
        catch (OptionsValidationException ex)
        {
            return await ConfigurationErrorAsync(ex);
        }
    }

    private static async Task<int> ConfigurationErrorAsync(OptionsValidationException exception)
    {
        await Console.Error.WriteLineAsync($"configuration error: {string.Join("; ", exception.Failures)}");
        return ConfigurationErrorExitCode;
    }
}
