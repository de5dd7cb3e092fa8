namespace Streaming.Core.Sessions;

/// <summary>
/// SR-GNN-style sample generation: a session s1..sn gives the samples (s1..si) → s(i+1) for
/// i = 1..n−1, in ascending prefix length (the order of the paper's Beauty train.tsv).
/// </summary>
public static class PrefixAugmentation
{
    /// <summary>All prefix samples of one session; none for a session shorter than 2.</summary>
    public static IEnumerable<PrefixSample> Expand(IReadOnlyList<int> session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Iterate(session);

        static IEnumerable<PrefixSample> Iterate(IReadOnlyList<int> session)
        {
            for (var i = 1; i < session.Count; i++)
            {
                var prefix = new int[i];
                for (var j = 0; j < i; j++)
                {
                    prefix[j] = session[j];
                }

                yield return new PrefixSample(prefix, session[i]);
            }
        }
    }

    /// <summary>Only the last sample of the session (everything but the last item → the last item), or null when shorter than 2.</summary>
    public static PrefixSample? Last(IReadOnlyList<int> session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Count < 2)
        {
            return null;
        }

        var prefix = new int[session.Count - 1];
        for (var j = 0; j < prefix.Length; j++)
        {
            prefix[j] = session[j];
        }

        return new PrefixSample(prefix, session[^1]);
    }
}
