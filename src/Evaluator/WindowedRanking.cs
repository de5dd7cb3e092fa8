using Streaming.Core.Evaluation;

namespace Streaming.Evaluator;

/// <summary>
/// HR, MRR and NDCG at 10 and 20 in total and over a sliding window: the window is kept as buckets of equal length
/// (a 30th of it), so a sample leaves the window at most one bucket late and memory does not grow with the rate.
/// </summary>
internal sealed class WindowedRanking
{
    public static readonly IReadOnlyList<int> Cutoffs = [10, 20];
    private const int Buckets = 30;

    private readonly long _bucketTicks;
    private readonly Queue<(long Bucket, RankingAccumulator Samples)> _window = new();

    public WindowedRanking(TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _bucketTicks = Math.Max(1, window.Ticks / Buckets);
    }

    public RankingAccumulator Total { get; } = new(Cutoffs);

    /// <summary>Adds a sample by the 1-based rank of its target (0: not in the list).</summary>
    public void Add(int rank, DateTimeOffset now)
    {
        Total.Add(rank);
        var bucket = now.UtcTicks / _bucketTicks;
        if (_window.Count == 0 || _window.Last().Bucket != bucket)
        {
            _window.Enqueue((bucket, new RankingAccumulator(Cutoffs)));
        }

        _window.Last().Samples.Add(rank);
    }

    /// <summary>The samples of the last window up to <paramref name="now"/>.</summary>
    public RankingAccumulator Window(DateTimeOffset now)
    {
        var oldest = (now.UtcTicks / _bucketTicks) - Buckets + 1;
        while (_window.Count > 0 && _window.Peek().Bucket < oldest)
        {
            _window.Dequeue();
        }

        var merged = new RankingAccumulator(Cutoffs);
        foreach (var (_, samples) in _window)
        {
            merged.Merge(samples);
        }

        return merged;
    }
}
