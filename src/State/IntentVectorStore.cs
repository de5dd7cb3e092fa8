using System.Runtime.InteropServices;
using StackExchange.Redis;
using Streaming.Core.Contracts;

namespace Streaming.State;

/// <summary>
/// Reads the intent vectors the IntentWorker keeps per session (<see cref="RedisKeys.Intents"/>, a hash: <c>v</c> session
/// version, <c>x</c> explicit and <c>l</c> latent as little-endian float32, <c>c</c> the copied group); the IntentWorker's
/// one script is the only writer. The Ranker's read path.
/// </summary>
public sealed class IntentVectorStore(RedisConnection redis)
{
    private static readonly RedisValue[] Fields = ["v", "x", "l", "c"];

    /// <summary>Several sessions' vectors in one round trip, in the order asked; null where a session has none (or they expired).</summary>
    public async Task<StoredIntentVectors?[]> GetManyAsync(IReadOnlyList<string> sessionIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionIds);
        var db = await redis.GetDatabaseAsync(cancellationToken);
        // One HMGET per session: their keys live in different Cluster slots; the multiplexer pipelines them.
        var reads = sessionIds.Select(id => db.HashGetAsync(RedisKeys.Intents(id), Fields)).ToArray();
        var values = await Task.WhenAll(reads).WaitAsync(cancellationToken);
        return [.. values.Select(Decode)];
    }

    private static StoredIntentVectors? Decode(RedisValue[] values)
    {
        if (values[0].IsNull || values[1].IsNull || values[2].IsNull)
        {
            return null;
        }

        return new StoredIntentVectors((long)values[0], Floats((byte[])values[1]!), Floats((byte[])values[2]!), (string?)values[3] ?? "");
    }

    // A blob that is not whole float32 values is corrupt: an empty vector, which no model's dimension accepts.
    private static float[] Floats(byte[] bytes) =>
        bytes.Length % sizeof(float) == 0 ? MemoryMarshal.Cast<byte, float>(bytes).ToArray() : [];
}
