namespace Streaming.Faults.Tests;

/// <summary>
/// How big each fault case is. The default keeps the suite short on a loaded 2-core machine (CI runs it);
/// <c>STREAMING_FAULTS=long</c> runs ten times the sessions, faster, with three kills per worker instead of one.
/// </summary>
internal sealed record FaultScale(int Sessions, int ClicksPerSecond, int Kills, TimeSpan Bound)
{
    public const string Variable = "STREAMING_FAULTS";

    public static FaultScale Current { get; } =
        string.Equals(Environment.GetEnvironmentVariable(Variable), "long", StringComparison.OrdinalIgnoreCase)
            ? new FaultScale(Sessions: 400, ClicksPerSecond: 300, Kills: 3, Bound: TimeSpan.FromMinutes(8))
            : new FaultScale(Sessions: 40, ClicksPerSecond: 100, Kills: 1, Bound: TimeSpan.FromMinutes(3));
}
