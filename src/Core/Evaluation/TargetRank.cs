namespace Streaming.Core.Evaluation;

/// <summary>
/// The 1-based rank of the target item, or 0 when the target is not ranked.
/// </summary>
/// <remarks>
/// Ties: from a score vector the rank is 1 + the number of items with a strictly greater score
/// (optimistic: a target tied with others takes the best of their places). The official SR-GNN code
/// takes the position in <c>topk</c>, whose order among ties is unspecified; with continuous scores
/// ties practically never occur, so both agree. NaN scores count as not greater.
/// </remarks>
public static class TargetRank
{
    /// <summary>Rank of <paramref name="target"/> (an index into <paramref name="scores"/>) by score, 1 = best.</summary>
    public static int FromScores(ReadOnlySpan<float> scores, int target)
    {
        if ((uint)target >= (uint)scores.Length)
        {
            return 0;
        }

        var targetScore = scores[target];
        if (float.IsNaN(targetScore))
        {
            return 0;
        }

        var greater = 0;
        foreach (var score in scores)
        {
            if (score > targetScore)
            {
                greater++;
            }
        }

        return greater + 1;
    }

    /// <summary>Position (1-based) of <paramref name="target"/> in a best-first list, 0 when absent.</summary>
    public static int FromRankedList(ReadOnlySpan<int> ranked, int target)
    {
        var index = ranked.IndexOf(target);
        return index < 0 ? 0 : index + 1;
    }

    /// <summary>Position (1-based) of <paramref name="target"/> in a best-first list, 0 when absent.</summary>
    public static int FromRankedList(ReadOnlySpan<long> ranked, long target)
    {
        var index = ranked.IndexOf(target);
        return index < 0 ? 0 : index + 1;
    }
}
