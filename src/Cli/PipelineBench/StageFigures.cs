namespace Streaming.Cli.PipelineBench;

/// <summary>
/// One stage over one run: clicks that reached it, their share of all clicks, its messages whose click was never
/// seen (unmatched), and the click-to-stage latency.
/// </summary>
internal sealed record StageFigures(string Stage, int Hops, int Reached, double Share, int Unmatched, LatencyDistribution Latency);
