using System.IO.Hashing;
using System.Text;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Streaming.Core.Contracts;
using Streaming.State;

namespace Streaming.Ingest;

/// <summary>
/// Applies clicks to live session graphs with one Lua script per click (atomic and idempotent), pipelining a
/// whole batch in one round trip. Clicks of one session keep their order: one connection, one pipeline.
/// </summary>
public sealed class ClickApplier(RedisConnection redis, IOptions<IngestOptions> options)
{
    private static readonly string Script = LoadScript();
    private readonly IngestOptions _options = options.Value;

    public async Task<ApplyOutcome[]> ApplyAsync(IReadOnlyList<ClickToApply> clicks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clicks);
        var db = await redis.GetDatabaseAsync(cancellationToken);
        var common = new RedisValue[]
        {
            _options.MaxSessionLength,
            (long)_options.SessionTtl.TotalMilliseconds,
            _options.RecentEventIds,
        };

        // One script call per session of the batch (its clicks in order): one read and one write of the session
        // however many of its clicks the batch holds. Sessions are independent keys, so their order does not matter.
        var sessions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < clicks.Count; i++)
        {
            ref var positions = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(sessions, clicks[i].Click.SessionId, out _);
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

            calls.Add((positions, db.ScriptEvaluateAsync(Script, [RedisKeys.Session(sessionId)], args)));
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

    /// <summary>8 bytes stand for an event id of up to 128 characters; a collision among a session's few recent ids is negligible.</summary>
    private static RedisValue Fingerprint(string? eventId) =>
        eventId is null ? RedisValue.EmptyString : (RedisValue)XxHash64.Hash(Encoding.UTF8.GetBytes(eventId));

    private static string LoadScript()
    {
        using var stream = typeof(ClickApplier).Assembly.GetManifestResourceStream("Streaming.Ingest.ApplyClick.lua")
            ?? throw new InvalidOperationException("the ApplyClick.lua resource is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
