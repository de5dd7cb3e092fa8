using Streaming.Core.Evaluation;

namespace Streaming.Evaluator;

/// <summary>
/// Prequential (test-then-train) evaluation of the live answers: every answer for session version v is scored
/// against the click that made version v + 1, per answer kind and model version, in total and over a sliding window.
/// </summary>
/// <remarks>
/// The join, whatever order the two sides arrive in:
/// <list type="bullet">
/// <item>Of several answers of one kind for one session version, the newest issued before the next click is scored
/// (it is what the user had in front of them); the ones it replaced count as <see cref="AnswerOutcome.Superseded"/>,
/// later ones as <see cref="AnswerOutcome.Repeated"/>. The choice is made among the answers that have arrived when
/// the next click arrives; any answer of that kind and version arriving afterwards counts as repeated.</item>
/// <item>An answer issued after the next click (by the producers' timestamps, not by arrival order) is scored and
/// counted as <see cref="AnswerOutcome.Late"/> — only if no answer of its kind was issued in time — so a slow stage
/// shows as a late share, not as missing samples, and the sample set stays the one offline evaluation uses.</item>
/// <item>An answer whose session has no next click within <see cref="EvaluatorOptions.SessionTtl"/> (processing
/// time) is counted as <see cref="AnswerOutcome.Unscored"/> and never scored.</item>
/// <item>A click with version 1 for a session the evaluator tracks means Ingest started the session afresh (its live
/// state expired): what was pending is unscored.</item>
/// </list>
/// Thread-safe: one consume loop feeds it while the dashboard and the metrics read it.
/// </remarks>
public sealed class PrequentialEvaluator(TimeSpan sessionTtl, TimeSpan window, TimeProvider time)
{
    // Clicks kept per session for answers that arrive after the next click; answers older than this are rare and expire unscored.
    private const int ClicksKept = 64;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, SessionTrack> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Kind, string Model), WindowedRanking> _byModel = [];
    private readonly Dictionary<string, WindowedRanking> _byKind = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Kind, string Outcome), long> _outcomes = [];
    private readonly Dictionary<string, string> _latestModel = new(StringComparer.Ordinal);

    public void Observe(SessionClick click)
    {
        ArgumentNullException.ThrowIfNull(click);
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var track = Track(click.SessionId, now);
            if (click.Version == 1 && track.Clicks.Count > 0 && !track.Clicks.ContainsKey(1))
            {
                Restart(click.SessionId, track);
                track = Track(click.SessionId, now);
            }

            if (!track.Clicks.TryAdd(click.Version, click))
            {
                return;
            }

            if (track.Clicks.Count > ClicksKept)
            {
                track.Clicks.Remove(track.Clicks.Keys.Min());
            }

            foreach (var kind in AnswerKind.All)
            {
                if (track.Pending.Remove((click.Version - 1, kind), out var held))
                {
                    Score(track, held, click, now);
                }
            }
        }
    }

    public void Observe(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var now = time.GetUtcNow();
        lock (_lock)
        {
            _latestModel[answer.Kind] = answer.ModelVersion;
            var track = Track(answer.SessionId, now);
            var key = (answer.SessionVersion, answer.Kind);
            if (track.Scored.Contains(key))
            {
                Count(answer.Kind, AnswerOutcome.Repeated);
                return;
            }

            if (track.Clicks.TryGetValue(answer.SessionVersion + 1, out var next))
            {
                Score(track, [new PendingAnswer(answer, now)], next, now);
                return;
            }

            if (!track.Pending.TryGetValue(key, out var held))
            {
                held = [];
                track.Pending[key] = held;
            }

            held.Add(new PendingAnswer(answer, now));
        }
    }

    /// <summary>Ends answers whose session did not click again within the time-to-live, and forgets idle sessions.</summary>
    public void Expire()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            List<string>? idle = null;
            foreach (var (sessionId, track) in _sessions)
            {
                foreach (var (key, held) in track.Pending.Where(p => now - p.Value[0].ArrivedAt >= sessionTtl).ToList())
                {
                    track.Pending.Remove(key);
                    Count(key.Kind, AnswerOutcome.Unscored, held.Count);
                }

                if (now - track.LastSeen >= sessionTtl)
                {
                    (idle ??= []).Add(sessionId);
                }
            }

            foreach (var sessionId in idle ?? [])
            {
                _sessions.Remove(sessionId);
            }
        }
    }

    /// <summary>Answers ended by <paramref name="outcome"/> (one of <see cref="AnswerOutcome"/>), of one kind or of all (null).</summary>
    public long Outcomes(string outcome, string? kind = null)
    {
        lock (_lock)
        {
            return _outcomes.Where(o => o.Key.Outcome == outcome && (kind is null || o.Key.Kind == kind)).Sum(o => o.Value);
        }
    }

    /// <summary>All outcome counts by kind.</summary>
    public IReadOnlyList<(string Kind, string Outcome, long Count)> OutcomeCounts()
    {
        lock (_lock)
        {
            return [.. _outcomes.Select(o => (o.Key.Kind, o.Key.Outcome, o.Value))];
        }
    }

    /// <summary>Answers waiting for their session's next click.</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Values.Sum(track => track.Pending.Values.Sum(held => held.Count));
            }
        }
    }

    /// <summary>Sessions tracked (seen within the time-to-live).</summary>
    public int Sessions
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>The model version of the newest answer of <paramref name="kind"/>, or null before the first.</summary>
    public string? LatestModel(string kind)
    {
        lock (_lock)
        {
            return _latestModel.GetValueOrDefault(kind);
        }
    }

    /// <summary>One line for status output: live HR@20 / MRR@20 per kind over the window, and the answers scored and waiting.</summary>
    public string Summary()
    {
        var kinds = AnswerKind.All.Select(kind => Accuracy(kind)).Select(f =>
            FormattableString.Invariant($"{f.Kind} {f.HitRate20:F1}/{f.Mrr20:F1} (n={f.Samples})"));
        return FormattableString.Invariant(
            $"live HR@20/MRR@20 % {string.Join(", ", kinds)}; scored {Outcomes(AnswerOutcome.Scored) + Outcomes(AnswerOutcome.Late)} (late {Outcomes(AnswerOutcome.Late)}), waiting {Pending}, unscored {Outcomes(AnswerOutcome.Unscored)}");
    }

    /// <summary>Accuracy of one kind over all model versions, in the window (<paramref name="total"/> false) or in total.</summary>
    public AccuracyFigures Accuracy(string kind, bool total = false)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var samples = _byKind.TryGetValue(kind, out var ranking) ? (total ? ranking.Total : ranking.Window(now)) : new RankingAccumulator(WindowedRanking.Cutoffs);
            return Figures(kind, AccuracyFigures.AllModels, total, samples);
        }
    }

    /// <summary>Accuracy per kind and model version, and per kind over all versions, in the window and in total.</summary>
    public IReadOnlyList<AccuracyFigures> AccuracyTable()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var rows = new List<AccuracyFigures>();
            foreach (var ((kind, model), ranking) in _byModel)
            {
                rows.Add(Figures(kind, model, total: false, ranking.Window(now)));
                rows.Add(Figures(kind, model, total: true, ranking.Total));
            }

            foreach (var (kind, ranking) in _byKind)
            {
                rows.Add(Figures(kind, AccuracyFigures.AllModels, total: false, ranking.Window(now)));
                rows.Add(Figures(kind, AccuracyFigures.AllModels, total: true, ranking.Total));
            }

            return rows;
        }
    }

    private static AccuracyFigures Figures(string kind, string model, bool total, RankingAccumulator samples) =>
        new(
            kind,
            model,
            total ? AccuracyFigures.TotalScope : AccuracyFigures.WindowScope,
            samples.Count,
            100 * samples.HitRate(10),
            100 * samples.HitRate(20),
            100 * samples.Mrr(10),
            100 * samples.Mrr(20),
            100 * samples.Ndcg(20));

    // Of the answers held for one version and kind, the newest issued before the next click is scored, else the first late one.
    private void Score(SessionTrack track, List<PendingAnswer> held, SessionClick next, DateTimeOffset now)
    {
        var inTime = held.Where(h => h.Answer.IssuedAt <= next.AppliedAt).MaxBy(h => h.Answer.IssuedAt);
        var answer = (inTime ?? held.MinBy(h => h.Answer.IssuedAt)!).Answer;
        foreach (var other in held.Where(h => !ReferenceEquals(h.Answer, answer)))
        {
            Count(answer.Kind, other.Answer.IssuedAt <= next.AppliedAt ? AnswerOutcome.Superseded : AnswerOutcome.Repeated);
        }

        track.Scored.Add((answer.SessionVersion, answer.Kind));
        Count(answer.Kind, inTime is null ? AnswerOutcome.Late : AnswerOutcome.Scored);
        var rank = Rank(answer.Items, next.ItemId);
        Ranking(_byKind, answer.Kind).Add(rank, now);
        if (!_byModel.TryGetValue((answer.Kind, answer.ModelVersion), out var byModel))
        {
            byModel = new WindowedRanking(window);
            _byModel[(answer.Kind, answer.ModelVersion)] = byModel;
        }

        byModel.Add(rank, now);
        // Scored keys are only needed while a repeat can still arrive: as long as the click is kept.
        if (track.Scored.Count > 3 * ClicksKept)
        {
            var oldest = track.Clicks.Keys.Min() - 1;
            track.Scored.RemoveWhere(key => key.Version < oldest);
        }
    }

    // Only the top 20 counts, whatever the list's length (a candidate list has 50).
    private static int Rank(IReadOnlyList<string> items, string target)
    {
        var cut = Math.Min(items.Count, WindowedRanking.Cutoffs[^1]);
        for (var i = 0; i < cut; i++)
        {
            if (string.Equals(items[i], target, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        return 0;
    }

    private WindowedRanking Ranking(Dictionary<string, WindowedRanking> byKind, string kind)
    {
        if (!byKind.TryGetValue(kind, out var ranking))
        {
            ranking = new WindowedRanking(window);
            byKind[kind] = ranking;
        }

        return ranking;
    }

    private SessionTrack Track(string sessionId, DateTimeOffset now)
    {
        if (!_sessions.TryGetValue(sessionId, out var track))
        {
            track = new SessionTrack();
            _sessions[sessionId] = track;
        }

        track.LastSeen = now;
        return track;
    }

    private void Restart(string sessionId, SessionTrack track)
    {
        foreach (var (key, held) in track.Pending)
        {
            Count(key.Kind, AnswerOutcome.Unscored, held.Count);
        }

        _sessions.Remove(sessionId);
    }

    private void Count(string kind, string outcome, long count = 1) =>
        _outcomes[(kind, outcome)] = _outcomes.GetValueOrDefault((kind, outcome)) + count;

    private sealed record PendingAnswer(Answer Answer, DateTimeOffset ArrivedAt);

    private sealed class SessionTrack
    {
        public Dictionary<long, SessionClick> Clicks { get; } = [];

        public Dictionary<(long Version, string Kind), List<PendingAnswer>> Pending { get; } = [];

        public HashSet<(long Version, string Kind)> Scored { get; } = [];

        public DateTimeOffset LastSeen { get; set; }
    }
}
