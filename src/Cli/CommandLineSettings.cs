namespace Streaming.Cli;

/// <summary>
/// The trailing settings of <c>up</c> and <c>worker</c>: only <c>--Section:Key=value</c> passes through to the
/// configuration. Anything else the parser did not match is a mistake to report (a mistyped <c>--dmeo 300</c> must not
/// run silently without demo traffic).
/// </summary>
internal static class CommandLineSettings
{
    /// <summary>A one-line error naming the first token that is not a setting, or null when all are settings.</summary>
    public static string? FirstError(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        foreach (var token in tokens)
        {
            if (!IsSetting(token))
            {
                return $"unknown argument '{token}': options are listed by --help, and settings are passed as --Section:Key=value (e.g. --Ingest:MaxSessionLength=30)";
            }
        }

        return null;
    }

    private static bool IsSetting(string token)
    {
        if (!token.StartsWith("--", StringComparison.Ordinal))
        {
            return false;
        }

        var equals = token.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            return false;
        }

        // A section and a key, both named: "--:Key=1", "--Section:=1" and "--Key=1" are not settings.
        var key = token[2..equals];
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < key.Length - 1;
    }
}
