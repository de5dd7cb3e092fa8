using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using StackExchange.Redis;
using Streaming.Core.Contracts;

namespace Streaming.State;

/// <summary>
/// Applies clicks to live sessions (Ingest is the only caller): one script call per session of a batch, with that
/// session's clicks in order, atomic and idempotent; the calls of a batch go out in one pipelined round trip.
/// Clicks of one session keep their order: one connection, one pipeline.
/// </summary>
public sealed class LiveSessionWriter(RedisConnection redis)
{
    public async Task<ApplyOutcome[]> ApplyAsync(IReadOnlyList<ClickToApply> clicks, LiveSessionLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clicks);
        ArgumentNullException.ThrowIfNull(limits);
        var db = await redis.GetDatabaseAsync(cancellationToken);
        var common = new RedisValue[]
        {
            limits.MaxLength,
            (long)limits.IdleTtl.TotalMilliseconds,
            limits.EventIdsRemembered,
        };

        // One read and one write of each session however many of its clicks the batch holds. Sessions are
        // independent keys, so their order does not matter.
        var sessions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < clicks.Count; i++)
        {
            ref var positions = ref CollectionsMarshal.GetValueRefOrAddDefault(sessions, clicks[i].Click.SessionId, out _);
            (positions ??= []).Add(i);
        }

        var calls = new List<(List<int> Positions, Task<RedisResult> Reply)>(sessions.Count);
        foreach (var (sessionId, positions) in sessions)
        {
            var args = new RedisValue[common.Length + (5 * positions.Count)];
            common.CopyTo(args, 0);
            var at = common.Length;
            foreach (var position in positions)
            {
                var (click, partition, offset) = clicks[position];
                args[at++] = partition;
                args[at++] = offset;
                args[at++] = Fingerprint(click.EventId);
                args[at++] = click.ItemId;
                args[at++] = click.Timestamp.ToUnixTimeMilliseconds();
            }

            calls.Add((positions, db.ScriptEvaluateAsync(LiveSessionScripts.ApplyClicks, [RedisKeys.Session(sessionId)], args)));
        }

        await Task.WhenAll(calls.Select(call => call.Reply)).WaitAsync(cancellationToken);
        var outcomes = new ApplyOutcome[clicks.Count];
        foreach (var (positions, reply) in calls)
        {
            var values = (RedisResult[])(await reply)!;
            for (var j = 0; j < positions.Count; j++)
            {
                outcomes[positions[j]] = new ApplyOutcome((ApplyStatus)(int)values[3 * j], (long)values[(3 * j) + 1], (int)values[(3 * j) + 2]);
            }
        }

        return outcomes;
    }

    /// <summary>
    /// 8 bytes stand for an event id of up to 128 characters: with a session's few hundred remembered ids, the chance
    /// that a new id collides with one of them (and is wrongly skipped) is below 10^-16 per click.
    /// </summary>
    private static RedisValue Fingerprint(string? eventId) =>
        eventId is null ? RedisValue.EmptyString : (RedisValue)XxHash64.Hash(Encoding.UTF8.GetBytes(eventId));
}
