namespace Streaming.Cli.Commands;

/// <summary>Resolves the data directory: <c>--data-dir</c>, else the <c>STREAMING_DATA_DIR</c> environment variable.</summary>
internal static class DatasetsDataDirectory
{
    public const string EnvironmentVariable = "STREAMING_DATA_DIR";

    public static string Resolve(string? option)
    {
        var directory = string.IsNullOrWhiteSpace(option) ? Environment.GetEnvironmentVariable(EnvironmentVariable) : option;
        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new ArgumentException($"no data directory: pass --data-dir DIR or set the {EnvironmentVariable} environment variable");
        }

        if (!Directory.Exists(directory))
        {
            var from = string.IsNullOrWhiteSpace(option) ? $"{EnvironmentVariable}" : "--data-dir";
            throw new DirectoryNotFoundException($"data directory '{directory}' (from {from}) does not exist");
        }

        return directory;
    }
}
