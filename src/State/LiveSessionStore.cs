using StackExchange.Redis;
using Streaming.Core.Contracts;
using Streaming.Core.Live;

namespace Streaming.State;

/// <summary>Reads live session graphs as Ingest stored them; the one read path for Candidates, Ranker and tools.</summary>
public sealed class LiveSessionStore(RedisConnection redis)
{
    private static readonly RedisValue[] Fields =
    [
        LiveSessionCodec.VersionField, LiveSessionCodec.NodesField, LiveSessionCodec.SequenceField,
        LiveSessionCodec.EdgesField, LiveSessionCodec.LastTimeField,
    ];

    /// <summary>The session's current graph, or null when it does not exist or expired.</summary>
    public async Task<LiveSession?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        var db = await redis.GetDatabaseAsync(cancellationToken);
        return Decode(await db.HashGetAsync(RedisKeys.Session(sessionId), Fields).WaitAsync(cancellationToken));
    }

    /// <summary>Several sessions in one pipelined round trip, in the order asked.</summary>
    public async Task<LiveSession?[]> GetManyAsync(IReadOnlyList<string> sessionIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionIds);
        var db = await redis.GetDatabaseAsync(cancellationToken);
        var reads = sessionIds.Select(id => db.HashGetAsync(RedisKeys.Session(id), Fields)).ToArray();
        var values = await Task.WhenAll(reads).WaitAsync(cancellationToken);
        return [.. values.Select(Decode)];
    }

    private static LiveSession? Decode(RedisValue[] values) =>
        LiveSessionCodec.Decode(
            values[0].IsNull ? null : (long)values[0],
            values[1].IsNull ? null : (byte[]?)values[1],
            values[2].IsNull ? null : (byte[]?)values[2],
            values[3].IsNull ? null : (byte[]?)values[3],
            values[4].IsNull ? null : (long)values[4]);
}
