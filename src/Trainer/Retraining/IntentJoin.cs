using Streaming.Core.Sessions;
using Streaming.Trainer.Training;

namespace Streaming.Trainer.Retraining;

/// <summary>
/// Gives each training sample the intents the live system had for it. A sample is a session prefix s1..si and its
/// next click; its intents are the session's record for version i or, when there is none, for the newest earlier
/// version. Never a later one: intents inferred at version i + 1 or after saw the target click (an explicit intent
/// may name it), which would leak the answer; and the newest earlier version is what the Ranker serves at version i,
/// since the IntentWorker answers behind the clicks. A record counts only when the log holds the click it was
/// inferred at: the click at that place of the session (its version) with the record's click time. A record that
/// fails this belongs to an earlier life of the session id (the live session expired in Redis and its versions
/// started again) or to clicks the trainer no longer holds; it is left out. Records of one source (provider and
/// prompt version: the source of the record read last) are used, so one model never learns from two prompts.
/// </summary>
public static class IntentJoin
{
    public static IntentJoinResult Join(IReadOnlyList<Session> sessions, IReadOnlyList<SampleOrigin> origins, IntentSnapshot intents)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(origins);
        ArgumentNullException.ThrowIfNull(intents);
        var clickTimes = new Dictionary<string, Dictionary<long, long?>>(StringComparer.Ordinal);
        foreach (var session in sessions)
        {
            if (!clickTimes.TryGetValue(session.UserId, out var times))
            {
                times = [];
                clickTimes[session.UserId] = times;
            }

            foreach (var click in session.Clicks)
            {
                times[click.Position + 1L] = click.Time?.ToUnixTimeMilliseconds();
            }
        }

        var otherSource = 0;
        var unmatched = 0;
        var usable = new Dictionary<string, LoggedIntents[]>(StringComparer.Ordinal);
        foreach (var (sessionId, records) in intents.BySession)
        {
            var kept = new List<LoggedIntents>(records.Count);
            foreach (var record in records)
            {
                if (!string.Equals(record.Source, intents.NewestSource, StringComparison.Ordinal))
                {
                    otherSource++;
                }
                else if (clickTimes.TryGetValue(sessionId, out var times)
                    && times.TryGetValue(record.Version, out var time)
                    && time == record.ClickTime.ToUnixTimeMilliseconds())
                {
                    kept.Add(record);
                }
                else
                {
                    unmatched++;
                }
            }

            if (kept.Count > 0)
            {
                usable[sessionId] = [.. kept];
            }
        }

        var perSample = new LoggedIntents?[origins.Count];
        var withIntents = 0;
        for (var i = 0; i < origins.Count; i++)
        {
            var origin = origins[i];
            if (usable.TryGetValue(origin.SessionId, out var records) && NewestAtOrBefore(records, origin.Version) is { } record)
            {
                perSample[i] = record;
                withIntents++;
            }
        }

        return new IntentJoinResult(perSample, intents.NewestSource, withIntents, otherSource, unmatched);
    }

    // Records are in ascending version order.
    private static LoggedIntents? NewestAtOrBefore(LoggedIntents[] records, long version)
    {
        int low = 0, high = records.Length - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (records[middle].Version <= version)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found < 0 ? null : records[found];
    }
}
