using Streaming.Core.Contracts;
using Streaming.Core.Live;

namespace Streaming.State;

/// <summary>
/// Reads live session graphs as Ingest stored them (the one read path for Candidates, Ranker and tools), and keeps
/// the Candidates worker's answered version in the same value.
/// </summary>
public sealed class LiveSessionStore(RedisConnection redis)
{
    /// <summary>The session's current graph, or null when it does not exist or expired.</summary>
    public async Task<LiveSession?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        var db = await redis.GetDatabaseAsync(cancellationToken);
        return LiveSessionCodec.Decode(await db.StringGetAsync(RedisKeys.Session(sessionId)).WaitAsync(cancellationToken));
    }

    /// <summary>Several sessions in one round trip, in the order asked.</summary>
    public async Task<LiveSession?[]> GetManyAsync(IReadOnlyList<string> sessionIds, CancellationToken cancellationToken) =>
        [.. (await GetManyStoredAsync(sessionIds, cancellationToken)).Select(stored => stored?.Session)];

    /// <summary>Several sessions with their answered versions in one round trip, in the order asked.</summary>
    public async Task<StoredLiveSession?[]> GetManyStoredAsync(IReadOnlyList<string> sessionIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionIds);
        var db = await redis.GetDatabaseAsync(cancellationToken);
        // One GET per session (not MGET): sessions live in different Cluster slots; the multiplexer pipelines them.
        var reads = sessionIds.Select(id => db.StringGetAsync(RedisKeys.Session(id))).ToArray();
        var values = await Task.WhenAll(reads).WaitAsync(cancellationToken);
        return [.. values.Select(value => LiveSessionCodec.DecodeStored(value))];
    }

    /// <summary>
    /// Records that a candidate list was published for each (session, version), in one round trip; a session's
    /// answered version only rises, and a session that expired is not recreated.
    /// </summary>
    public async Task MarkAnsweredAsync(IReadOnlyList<(string SessionId, long Version)> answered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answered);
        if (answered.Count == 0)
        {
            return;
        }

        var db = await redis.GetDatabaseAsync(cancellationToken);
        var marks = answered.Select(a => db.ScriptEvaluateAsync(LiveSessionScripts.MarkAnswered, [RedisKeys.Session(a.SessionId)], [a.Version])).ToArray();
        await Task.WhenAll(marks).WaitAsync(cancellationToken);
    }
}
