namespace Streaming.Core.Evaluation;

/// <summary>
/// Averages HR@K (the paper's P@K), MRR@K and NDCG@K over samples with one target each.
/// A sample counts at cut-off K when its target's rank r satisfies 1 &lt;= r &lt;= K; then HR adds 1,
/// MRR adds 1/r and NDCG adds 1/log2(r + 1) (the ideal DCG of a single target is 1). A target that is
/// absent (rank 0) or ranked beyond K adds 0, also when the ranked list is shorter than K.
/// </summary>
public sealed class RankingAccumulator
{
    /// <summary>The paper's cut-offs.</summary>
    public static readonly IReadOnlyList<int> PaperCutoffs = [5, 10, 20];

    private readonly int[] _cutoffs;
    private readonly double[] _hits;
    private readonly double[] _reciprocalRanks;
    private readonly double[] _gains;

    public RankingAccumulator()
        : this(PaperCutoffs)
    {
    }

    public RankingAccumulator(IEnumerable<int> cutoffs)
    {
        ArgumentNullException.ThrowIfNull(cutoffs);
        _cutoffs = [.. cutoffs];
        if (_cutoffs.Length == 0 || _cutoffs.Any(k => k <= 0) || _cutoffs.Distinct().Count() != _cutoffs.Length)
        {
            throw new ArgumentException("Cut-offs must be distinct positive integers.", nameof(cutoffs));
        }

        _hits = new double[_cutoffs.Length];
        _reciprocalRanks = new double[_cutoffs.Length];
        _gains = new double[_cutoffs.Length];
    }

    public IReadOnlyList<int> Cutoffs => _cutoffs;

    /// <summary>Number of samples added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds one sample by the 1-based rank of its target (0 = absent).</summary>
    public void Add(int rank)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        Count++;
        if (rank == 0)
        {
            return;
        }

        for (var i = 0; i < _cutoffs.Length; i++)
        {
            if (rank <= _cutoffs[i])
            {
                _hits[i] += 1;
                _reciprocalRanks[i] += 1.0 / rank;
                _gains[i] += 1.0 / Math.Log2(rank + 1);
            }
        }
    }

    public void AddScores(ReadOnlySpan<float> scores, int target) => Add(TargetRank.FromScores(scores, target));

    public void AddRankedList(ReadOnlySpan<int> ranked, int target) => Add(TargetRank.FromRankedList(ranked, target));

    /// <summary>Adds all samples of another accumulator with the same cut-offs.</summary>
    public void Merge(RankingAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!other._cutoffs.SequenceEqual(_cutoffs))
        {
            throw new ArgumentException("Cut-offs differ.", nameof(other));
        }

        Count += other.Count;
        for (var i = 0; i < _cutoffs.Length; i++)
        {
            _hits[i] += other._hits[i];
            _reciprocalRanks[i] += other._reciprocalRanks[i];
            _gains[i] += other._gains[i];
        }
    }

    /// <summary>Hit rate at K in [0, 1]; 0 when nothing was added.</summary>
    public double HitRate(int k) => Mean(_hits, k);

    public double Mrr(int k) => Mean(_reciprocalRanks, k);

    public double Ndcg(int k) => Mean(_gains, k);

    /// <summary>All metrics keyed "HR@K", "MRR@K", "NDCG@K", as fractions in [0, 1].</summary>
    public IReadOnlyDictionary<string, double> ToDictionary()
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var k in _cutoffs)
        {
            result[$"HR@{k}"] = HitRate(k);
            result[$"MRR@{k}"] = Mrr(k);
            result[$"NDCG@{k}"] = Ndcg(k);
        }

        return result;
    }

    private double Mean(double[] sums, int k)
    {
        var index = Array.IndexOf(_cutoffs, k);
        if (index < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"Not one of the cut-offs {string.Join(", ", _cutoffs)}.");
        }

        return Count == 0 ? 0 : sums[index] / Count;
    }
}
