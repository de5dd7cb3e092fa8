namespace Streaming.Evaluator;

/// <summary>
/// Messages seen per stage and their click-to-answer latency (producer timestamp minus the <c>click-time</c> header),
/// with p50/p99 over the recent latencies. Thread-safe.
/// </summary>
public sealed class StageTraffic
{
    // Enough for stable p99 at a few hundred answers per second, bounded whatever the rate.
    private const int LatenciesKept = 2_048;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<double>> _latencies = new(StringComparer.Ordinal);

    public void Seen(string stage, TimeSpan? clickToAnswer)
    {
        lock (_lock)
        {
            _counts[stage] = _counts.GetValueOrDefault(stage) + 1;
            if (clickToAnswer is not { } latency || latency < TimeSpan.Zero)
            {
                return;
            }

            if (!_latencies.TryGetValue(stage, out var recent))
            {
                recent = new Queue<double>();
                _latencies[stage] = recent;
            }

            if (recent.Count == LatenciesKept)
            {
                recent.Dequeue();
            }

            recent.Enqueue(latency.TotalMilliseconds);
        }
    }

    public long Count(string stage)
    {
        lock (_lock)
        {
            return _counts.GetValueOrDefault(stage);
        }
    }

    /// <summary>The <paramref name="quantile"/> (0–1) of the recent latencies of a stage in ms, null before the first.</summary>
    public double? Latency(string stage, double quantile)
    {
        double[] sorted;
        lock (_lock)
        {
            if (!_latencies.TryGetValue(stage, out var recent) || recent.Count == 0)
            {
                return null;
            }

            sorted = [.. recent];
        }

        Array.Sort(sorted);
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(quantile * sorted.Length))];
    }
}
