using System.CommandLine;

namespace Streaming.Cli.Commands;

/// <summary>Every subcommand of <c>streaming</c>; one line per command, each built in its own file.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return UpCommand.Create();
        yield return InfraCommand.Create();
        yield return WorkerCommand.Create();
        yield return TailCommand.Create();
        yield return VersionCommand.Create();
        yield return BenchCommand.Create();
        yield return PlotCommand.Create();
        yield return ReplayCommand.Create();
        yield return DatasetsCommand.Create();
        yield return TrainCommand.Create();
        yield return EvaluateCommand.Create();
        yield return IntentsCommand.Create();
        yield return ModelsCommand.Create();
    }
}
