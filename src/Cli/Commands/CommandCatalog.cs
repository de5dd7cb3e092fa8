using System.CommandLine;

namespace Streaming.Cli.Commands;

/// <summary>Every subcommand of <c>streaming</c>; one line per command, each built in its own file.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return VersionCommand.Create();
        yield return TrainCommand.Create();
        yield return EvaluateCommand.Create();
    }
}
