namespace Streaming.Cli.PipelineBench;

/// <summary>
/// Joins each click with the messages it caused, by session id and session version, and turns Kafka CreateTimes into
/// latencies: a stage's latency is its message's CreateTime minus its click's CreateTime (never the <c>click-time</c>
/// header, which is the event time on a replay). The first message per stage and version counts (a re-delivery is
/// not a later answer). Thread-safe: an observer adds while the bench reads figures.
/// </summary>
internal sealed class LatencyJoin
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Session, long Version), long> _clicks = [];
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<PipelineStage, Dictionary<(string Session, long Version), long>> _derived = [];

    /// <summary>Clicks seen.</summary>
    public int Clicks
    {
        get
        {
            lock (_gate)
            {
                return _clicks.Count;
            }
        }
    }

    /// <summary>
    /// A click read from <c>clicks</c>, in partition order: it makes the session's next version (1, 2, …), as Ingest
    /// numbers them for a fresh session whose clicks all apply. Returns that version.
    /// </summary>
    public long NextClick(string session, long createTimeMs)
    {
        lock (_gate)
        {
            var version = _versions.GetValueOrDefault(session) + 1;
            _versions[session] = version;
            _clicks.TryAdd((session, version), createTimeMs);
            return version;
        }
    }

    /// <summary>A click (or a floor probe) whose version is known.</summary>
    public void Click(string session, long version, long createTimeMs)
    {
        lock (_gate)
        {
            _clicks.TryAdd((session, version), createTimeMs);
            _versions[session] = Math.Max(version, _versions.GetValueOrDefault(session));
        }
    }

    /// <summary>A message of <paramref name="stage"/> for a session version; only the first one per version counts.</summary>
    public void Derived(PipelineStage stage, string session, long version, long createTimeMs)
    {
        lock (_gate)
        {
            if (!_derived.TryGetValue(stage, out var seen))
            {
                _derived[stage] = seen = [];
            }

            seen.TryAdd((session, version), createTimeMs);
        }
    }

    /// <summary>How many clicks reached <paramref name="stage"/>, their share of all clicks, and the latency distribution.</summary>
    public StageFigures Stage(PipelineStage stage)
    {
        lock (_gate)
        {
            var latencies = Latencies(stage).Select(l => l.Ms).ToList();
            var derived = _derived.TryGetValue(stage, out var seen) ? seen.Count : 0;
            return new(
                PipelineStages.Name(stage),
                PipelineStages.Hops(stage),
                latencies.Count,
                _clicks.Count == 0 ? 0 : latencies.Count / (double)_clicks.Count,
                derived - latencies.Count,
                LatencyDistribution.Of(latencies));
        }
    }

    /// <summary>
    /// Of the sessions with at least two clicks, the share that got a refined answer for one of their versions 2, 3, …
    /// within <paramref name="within"/> of that version's click; and of those versions, the share refined that soon.
    /// </summary>
    public RefinedInTime Refined(TimeSpan within)
    {
        lock (_gate)
        {
            var limit = within.TotalMilliseconds;
            var refined = _derived.GetValueOrDefault(PipelineStage.RefinedAnswer) ?? [];
            var sessions = _versions.Where(v => v.Value >= 2).Select(v => v.Key).ToHashSet(StringComparer.Ordinal);
            var inTime = new HashSet<string>(StringComparer.Ordinal);
            var updates = 0;
            var updatesInTime = 0;
            foreach (var ((session, version), clicked) in _clicks)
            {
                if (version < 2)
                {
                    continue;
                }

                updates++;
                if (refined.TryGetValue((session, version), out var answered) && answered - clicked <= limit)
                {
                    updatesInTime++;
                    inTime.Add(session);
                }
            }

            return new(
                within.TotalSeconds,
                sessions.Count,
                sessions.Count == 0 ? 0 : inTime.Count / (double)sessions.Count,
                updates,
                updates == 0 ? 0 : updatesInTime / (double)updates);
        }
    }

    /// <summary>
    /// The latency distribution of <paramref name="stage"/> per <paramref name="bucket"/> of click time since
    /// <paramref name="originMs"/> (x = the bucket's start in seconds), for plots over time.
    /// </summary>
    public IReadOnlyList<(double Second, LatencyDistribution Latency)> OverTime(PipelineStage stage, long originMs, TimeSpan bucket)
    {
        var width = Math.Max(1, (long)bucket.TotalMilliseconds);
        lock (_gate)
        {
            return [.. Latencies(stage)
                .GroupBy(l => (l.ClickMs - originMs) / width)
                .OrderBy(g => g.Key)
                .Select(g => (g.Key * width / 1000.0, LatencyDistribution.Of(g.Select(l => l.Ms))))];
        }
    }

    private IEnumerable<(long ClickMs, double Ms)> Latencies(PipelineStage stage)
    {
        if (!_derived.TryGetValue(stage, out var seen))
        {
            yield break;
        }

        foreach (var (key, produced) in seen)
        {
            if (_clicks.TryGetValue(key, out var clicked))
            {
                yield return (clicked, produced - clicked);
            }
        }
    }
}
