using System.CommandLine;

namespace Streaming.Cli.Commands;

/// <summary><c>streaming datasets …</c>: statistics, item catalogs and downloads of the benchmark datasets.</summary>
internal static class DatasetsCommand
{
    public static Command Create()
    {
        var command = new Command("datasets", "Inspect, index and download the Beauty and ML-1M datasets.");
        command.Subcommands.Add(DatasetsStatsCommand.Create());
        command.Subcommands.Add(DatasetsCatalogCommand.Create());
        command.Subcommands.Add(DatasetsFetchCommand.Create());
        return command;
    }
}
