namespace Streaming.Core.Sessions;

/// <summary>Counts over a set of sessions: what <c>streaming datasets stats</c> prints.</summary>
public sealed record SessionStatistics(
    long Clicks,
    int Sessions,
    int Users,
    int Items,
    double AverageLength,
    int MinLength,
    int MaxLength,
    int SessionsOfLengthAtLeastTwo,
    DateTimeOffset? FirstClick,
    DateTimeOffset? LastClick)
{
    public static SessionStatistics Compute(IReadOnlyList<Session> sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var items = new HashSet<string>(StringComparer.Ordinal);
        var users = new HashSet<string>(StringComparer.Ordinal);
        long clicks = 0;
        int min = int.MaxValue, max = 0, twoOrMore = 0;
        DateTimeOffset? first = null, last = null;
        foreach (var session in sessions)
        {
            users.Add(session.UserId);
            clicks += session.Length;
            min = Math.Min(min, session.Length);
            max = Math.Max(max, session.Length);
            if (session.Length >= 2)
            {
                twoOrMore++;
            }

            foreach (var click in session.Clicks)
            {
                items.Add(click.ItemId);
                if (click.Time is { } time)
                {
                    first = first is null || time < first ? time : first;
                    last = last is null || time > last ? time : last;
                }
            }
        }

        return new SessionStatistics(
            clicks,
            sessions.Count,
            users.Count,
            items.Count,
            sessions.Count == 0 ? 0 : (double)clicks / sessions.Count,
            sessions.Count == 0 ? 0 : min,
            max,
            twoOrMore,
            first,
            last);
    }
}
