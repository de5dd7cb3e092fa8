using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Streaming.Core.Contracts;

namespace Streaming.Core.Sessions;

/// <summary>
/// The order in which a replay produces a dataset's clicks: by event time, ties broken by the click's
/// position in its user's history and then by the user's first appearance (so per-session order is
/// kept and the order is the same on every run). Event ids are built from dataset, user and position,
/// so a repeated replay produces the same ids (see <see cref="EventId"/>). Sources without timestamps get synthetic, clearly
/// fake times: <see cref="SyntheticEpoch"/> plus <see cref="SyntheticStep"/> per position in the
/// user's history, which keeps every user's order and interleaves users.
/// </summary>
public sealed class ReplaySchedule
{
    public static readonly DateTimeOffset SyntheticEpoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan SyntheticStep = TimeSpan.FromMinutes(1);

    private readonly IReadOnlyList<Session> _sessions;
    private readonly (int Session, int Click)[] _order;
    private readonly string _dataset;
    private readonly string[] _wireSessionIds;

    private ReplaySchedule(string dataset, IReadOnlyList<Session> sessions, (int, int)[] order, bool synthetic)
    {
        _dataset = dataset;
        _wireSessionIds = sessions.Select(s => Bounded(dataset, $"{dataset}:{s.Id}")).ToArray();
        _sessions = sessions;
        _order = order;
        SyntheticTimes = synthetic;
    }

    /// <summary>True when the source had no timestamps and the times are synthesised.</summary>
    public bool SyntheticTimes { get; }

    public int Count => _order.Length;

    /// <summary>Sessions in the schedule.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>
    /// Plans the replay of <paramref name="sessions"/>. Session ids on the wire are
    /// <c>{dataset}:{session id}</c>, so replays of different datasets never share a session
    /// (hashed like event ids when longer than the schema allows).
    /// </summary>
    public static ReplaySchedule Build(string dataset, IReadOnlyList<Session> sessions)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataset);
        ArgumentNullException.ThrowIfNull(sessions);
        var clicks = sessions.SelectMany(s => s.Clicks);
        var withTime = clicks.Count(c => c.Time is not null);
        var total = sessions.Sum(s => s.Length);
        if (withTime != 0 && withTime != total)
        {
            throw new InvalidOperationException($"{total - withTime} of {total} clicks have no timestamp; a replay needs all or none");
        }

        var synthetic = withTime == 0 && total > 0;
        var userRank = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var session in sessions)
        {
            userRank.TryAdd(session.UserId, userRank.Count);
        }

        var order = new (int Session, int Click)[total];
        var times = new long[total];
        var positions = new int[total];
        var ranks = new int[total];
        var n = 0;
        for (var s = 0; s < sessions.Count; s++)
        {
            var session = sessions[s];
            for (var c = 0; c < session.Clicks.Count; c++)
            {
                var click = session.Clicks[c];
                order[n] = (s, c);
                times[n] = TimeOf(click, synthetic).UtcTicks;
                positions[n] = click.Position;
                ranks[n] = userRank[session.UserId];
                n++;
            }
        }

        var index = Enumerable.Range(0, total).ToArray();
        Array.Sort(index, (a, b) =>
        {
            var byTime = times[a].CompareTo(times[b]);
            if (byTime != 0)
            {
                return byTime;
            }

            var byPosition = positions[a].CompareTo(positions[b]);
            if (byPosition != 0)
            {
                return byPosition;
            }

            var byUser = ranks[a].CompareTo(ranks[b]);
            return byUser != 0 ? byUser : a.CompareTo(b);
        });

        var sorted = new (int, int)[total];
        for (var i = 0; i < total; i++)
        {
            sorted[i] = order[index[i]];
        }

        return new ReplaySchedule(dataset, sessions, sorted, synthetic);
    }

    /// <summary>The clicks in replay order, created lazily.</summary>
    public IEnumerable<ClickEvent> Events(int limit = int.MaxValue)
    {
        var count = Math.Min(limit, _order.Length);
        for (var i = 0; i < count; i++)
        {
            var (s, c) = _order[i];
            var session = _sessions[s];
            var click = session.Clicks[c];
            yield return new ClickEvent(
                _wireSessionIds[s],
                click.ItemId,
                TimeOf(click, SyntheticTimes),
                EventId(_dataset, session.UserId, click.Position),
                session.UserId);
        }
    }

    /// <summary>
    /// The deterministic event id of the click at <paramref name="position"/> in the user's history:
    /// <c>{dataset}:{user}:{position}</c>, readable and unique by construction (no hash collisions,
    /// and an operator sees at once that an event came from a replay). Ids that would exceed
    /// <see cref="ClickEventRules.MaxIdLength"/> become <c>{dataset}:h:{SHA-256 prefix}</c>.
    /// </summary>
    public static string EventId(string dataset, string userId, int position)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(userId);
        return Bounded(dataset, string.Create(CultureInfo.InvariantCulture, $"{dataset}:{userId}:{position}"));
    }

    // Ids must fit the public schema; an over-long one is replaced by a stable hash of itself.
    private static string Bounded(string dataset, string id)
    {
        if (id.Length <= ClickEventRules.MaxIdLength)
        {
            return id;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(id), hash);
        return $"{dataset}:h:{Convert.ToHexStringLower(hash[..16])}";
    }

    private static DateTimeOffset TimeOf(SessionClick click, bool synthetic) =>
        synthetic ? SyntheticEpoch + (SyntheticStep * click.Position) : click.Time!.Value;
}
