namespace Streaming.State;

/// <summary>
/// The Lua scripts that write live sessions, each prefixed with <c>LiveSessionFormat.lua</c> so that reading and
/// writing the stored format is written once in Lua (and once in C#, <see cref="LiveSessionCodec"/>).
/// </summary>
internal static class LiveSessionScripts
{
    private static readonly string Format = Load("LiveSessionFormat.lua");

    /// <summary>Applies one session's clicks of a batch (<c>ApplyClicks.lua</c>).</summary>
    public static readonly string ApplyClicks = Format + Load("ApplyClicks.lua");

    /// <summary>Raises a session's answered version (<c>MarkAnswered.lua</c>).</summary>
    public static readonly string MarkAnswered = Format + Load("MarkAnswered.lua");

    private static string Load(string name)
    {
        using var stream = typeof(LiveSessionScripts).Assembly.GetManifestResourceStream("Streaming.State." + name)
            ?? throw new InvalidOperationException($"the {name} resource is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd() + "\n";
    }
}
