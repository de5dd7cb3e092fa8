using System.CommandLine;

namespace Streaming.Cli.Commands;

/// <summary>
/// <c>streaming worker &lt;name&gt;</c>: runs one worker, configured from appsettings.json, environment variables
/// (<c>Kafka__BootstrapServers</c>, <c>Redis__Configuration</c>, …) and trailing <c>--Section:Key=value</c> arguments.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The worker to run: " + string.Join(", ", WorkerCatalog.Available.Keys) + "." };
        var command = new Command("worker", "Run one worker (as in production: one process per worker).") { name };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var worker = parse.GetValue(name)!;
            if (!WorkerCatalog.Available.ContainsKey(worker))
            {
                await Console.Error.WriteLineAsync($"unknown worker '{worker}'; available: {string.Join(", ", WorkerCatalog.Available.Keys)}");
                return 2;
            }

            string[] tokens = [.. parse.UnmatchedTokens];
            if (CommandLineSettings.FirstError(tokens) is { } error)
            {
                await Console.Error.WriteLineAsync($"streaming worker: {error}");
                return 2;
            }

            using var host = WorkerHost.Build([worker], tokens);
            return await WorkerHost.RunAsync(host, cancellationToken);
        });
        return command;
    }
}
