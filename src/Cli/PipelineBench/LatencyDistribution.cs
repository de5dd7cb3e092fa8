namespace Streaming.Cli.PipelineBench;

/// <summary>
/// Percentiles of a set of latencies in milliseconds, by nearest rank (the smallest value with at least p of the
/// values at or below it), so every figure is a latency that was measured. All NaN when there are none.
/// </summary>
internal sealed record LatencyDistribution(int Count, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs)
{
    public static LatencyDistribution Of(IEnumerable<double> milliseconds)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        var sorted = milliseconds.ToArray();
        Array.Sort(sorted);
        return new(sorted.Length, At(sorted, 0.50), At(sorted, 0.90), At(sorted, 0.99), At(sorted, 0.999), At(sorted, 1));
    }

    /// <summary>Nearest-rank percentile <paramref name="p"/> (0–1] of ascending <paramref name="sorted"/>.</summary>
    public static double At(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
