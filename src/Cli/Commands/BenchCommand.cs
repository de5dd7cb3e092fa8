using System.CommandLine;

namespace Streaming.Cli.Commands;

/// <summary><c>streaming bench …</c>: benchmark commands that print figures (never run as tests).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks that print throughput, latency and memory figures.");
        foreach (var subcommand in Subcommands())
        {
            command.Subcommands.Add(subcommand);
        }

        return command;
    }

    // One line per benchmark, each built in its own file.
    private static IEnumerable<Command> Subcommands()
    {
        yield return BenchReplayCommand.Create();
        yield return BenchIngestCommand.Create();
        yield return BenchRejectionsCommand.Create();
        yield return BenchIntentsCommand.Create();
        yield return BenchOnnxCommand.Create();
        yield return BenchCandidatesCommand.Create();
        yield return BenchLiveAccuracyCommand.Create();
        yield return BenchPipelineCommand.Create();
    }
}
