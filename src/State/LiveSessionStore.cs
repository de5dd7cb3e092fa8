using Streaming.Core.Contracts;
using Streaming.Core.Live;

namespace Streaming.State;

/// <summary>Reads live session graphs as Ingest stored them; the one read path for Candidates, Ranker and tools.</summary>
public sealed class LiveSessionStore(RedisConnection redis)
{
    /// <summary>The session's current graph, or null when it does not exist or expired.</summary>
    public async Task<LiveSession?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        var db = await redis.GetDatabaseAsync(cancellationToken);
        return LiveSessionCodec.Decode(await db.StringGetAsync(RedisKeys.Session(sessionId)).WaitAsync(cancellationToken));
    }

    /// <summary>Several sessions in one round trip, in the order asked.</summary>
    public async Task<LiveSession?[]> GetManyAsync(IReadOnlyList<string> sessionIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionIds);
        var db = await redis.GetDatabaseAsync(cancellationToken);
        // One GET per session (not MGET): sessions live in different Cluster slots; the multiplexer pipelines them.
        var reads = sessionIds.Select(id => db.StringGetAsync(RedisKeys.Session(id))).ToArray();
        var values = await Task.WhenAll(reads).WaitAsync(cancellationToken);
        return [.. values.Select(value => LiveSessionCodec.Decode(value))];
    }
}
