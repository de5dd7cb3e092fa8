namespace Streaming.IntentWorker;

/// <summary>The last inputs a session's intents were inferred from (<c>RedisKeys.IntentRequest</c>): to skip immaterial changes.</summary>
public sealed record IntentRequestRecord(long SessionVersion, IReadOnlyList<string> CandidateIds, IReadOnlyList<string> ItemIds)
{
    /// <summary>The fraction of <paramref name="candidateIds"/> that were not among the last candidates.</summary>
    public double ChangeTo(IReadOnlyList<string> candidateIds)
    {
        ArgumentNullException.ThrowIfNull(candidateIds);
        if (candidateIds.Count == 0)
        {
            return 0;
        }

        var last = CandidateIds.ToHashSet(StringComparer.Ordinal);
        return (double)candidateIds.Count(id => !last.Contains(id)) / candidateIds.Count;
    }

    public bool SameItems(IEnumerable<string> itemIds) =>
        ItemIds.ToHashSet(StringComparer.Ordinal).SetEquals(itemIds);
}
