using System.CommandLine;

namespace Streaming.Cli.Commands;

/// <summary><c>streaming intents …</c>: the IntentWorker's offline tools.</summary>
internal static class IntentsCommand
{
    public static Command Create()
    {
        var command = new Command("intents", "LLM intents offline: precompute intent vectors over a dataset's samples.");
        command.Subcommands.Add(IntentsPrecomputeCommand.Create());
        return command;
    }
}
