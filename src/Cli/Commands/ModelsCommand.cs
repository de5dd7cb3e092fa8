using System.CommandLine;

namespace Streaming.Cli.Commands;

/// <summary><c>streaming models …</c>: the versioned model registry the serving workers read.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "Publish trained models to a versioned registry and list its versions.");
        command.Subcommands.Add(ModelsPublishCommand.Create());
        command.Subcommands.Add(ModelsListCommand.Create());
        return command;
    }
}
