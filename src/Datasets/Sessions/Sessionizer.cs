using Streaming.Core.Datasets;

namespace Streaming.Core.Sessions;

/// <summary>
/// Turns interactions into sessions. The one implementation used by replay, training and evaluation:
/// group by user (users in first-seen order), order each user's clicks by time and then
/// <see cref="Interaction.Sequence"/> (stable), then cut by the <see cref="SessionizerOptions"/>.
/// </summary>
public static class Sessionizer
{
    public static IReadOnlyList<Session> Sessionize(IEnumerable<Interaction> interactions, SessionizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var byUser = new Dictionary<string, List<Interaction>>(StringComparer.Ordinal);
        var users = new List<string>();
        foreach (var interaction in interactions)
        {
            if (!byUser.TryGetValue(interaction.UserId, out var list))
            {
                list = [];
                byUser.Add(interaction.UserId, list);
                users.Add(interaction.UserId);
            }

            list.Add(interaction);
        }

        var sessions = new List<Session>(users.Count);
        foreach (var user in users)
        {
            var history = OrderHistory(byUser[user]);
            if (options.Boundary == SessionBoundary.InactivityGap && history.Exists(c => c.Time is null))
            {
                throw new InvalidOperationException(
                    $"user '{user}' has clicks without timestamps: inactivity-gap sessions need real times; use per-user or fixed-window sessions");
            }

            var number = 0;
            foreach (var piece in Cut(history, options))
            {
                foreach (var capped in Cap(piece, options.MaxLength))
                {
                    number++;
                    if (capped.Count >= options.MinLength)
                    {
                        var id = number == 1 ? user : $"{user}#{number}";
                        sessions.Add(new Session(id, user, capped));
                    }
                }
            }
        }

        return sessions;
    }

    private static List<SessionClick> OrderHistory(List<Interaction> clicks)
    {
        var order = new int[clicks.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Index as the last key makes the sort stable.
        Array.Sort(order, (a, b) =>
        {
            var x = clicks[a];
            var y = clicks[b];
            var byTime = Nullable.Compare(x.Time, y.Time);
            if (byTime != 0)
            {
                return byTime;
            }

            var bySequence = x.Sequence.CompareTo(y.Sequence);
            return bySequence != 0 ? bySequence : a.CompareTo(b);
        });

        var history = new List<SessionClick>(clicks.Count);
        for (var position = 0; position < order.Length; position++)
        {
            var click = clicks[order[position]];
            history.Add(new SessionClick(click.ItemId, click.Time, position));
        }

        return history;
    }

    private static IEnumerable<List<SessionClick>> Cut(List<SessionClick> history, SessionizerOptions options)
    {
        switch (options.Boundary)
        {
            case SessionBoundary.PerUser:
                yield return history;
                break;
            case SessionBoundary.FixedWindow:
                foreach (var chunk in history.Chunk(options.WindowLength))
                {
                    yield return [.. chunk];
                }

                break;
            default:
                var current = new List<SessionClick>();
                foreach (var click in history)
                {
                    if (current.Count > 0 && StartsNewSession(current, click, options))
                    {
                        yield return current;
                        current = [];
                    }

                    current.Add(click);
                }

                if (current.Count > 0)
                {
                    yield return current;
                }

                break;
        }
    }

    private static bool StartsNewSession(List<SessionClick> current, SessionClick click, SessionizerOptions options)
    {
        var time = click.Time!.Value;
        var previous = current[^1].Time!.Value;
        if (options.SplitAtUtcMidnight && time.UtcDateTime.Date != previous.UtcDateTime.Date)
        {
            return true;
        }

        var reference = options.GapFromSessionStart ? current[0].Time!.Value : previous;
        return time - reference > options.InactivityGap;
    }

    private static IEnumerable<IReadOnlyList<SessionClick>> Cap(List<SessionClick> session, int maxLength)
    {
        if (maxLength == 0 || session.Count <= maxLength)
        {
            yield return session;
            yield break;
        }

        foreach (var chunk in session.Chunk(maxLength))
        {
            yield return chunk;
        }
    }
}
