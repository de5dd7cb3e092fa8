namespace Streaming.Cli.Commands;

/// <summary>What a replay produced.</summary>
internal sealed record ReplayResult(long Events, int Sessions, int Items, TimeSpan Elapsed)
{
    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? Events / Elapsed.TotalSeconds : 0;
}
