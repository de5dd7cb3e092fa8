using System.CommandLine;
using System.Reflection;

namespace Streaming.Cli.Commands;

/// <summary><c>streaming version</c>: prints the build's informational version.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the version of this build.");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly
                .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            Console.WriteLine(version);
            return 0;
        });
        return command;
    }
}
