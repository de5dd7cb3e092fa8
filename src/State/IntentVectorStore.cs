using System.Globalization;
using System.Runtime.InteropServices;
using StackExchange.Redis;
using Streaming.Core.Contracts;

namespace Streaming.State;

/// <summary>
/// The intent vectors per session, written by the IntentWorker and read by the Ranker; their shape, script and
/// reader live here together. Two hashes in the session's slot, written by one script that never replaces a newer
/// version: <see cref="RedisKeys.Intents"/> (<c>f</c> format, <c>v</c> session version, <c>x</c> explicit and
/// <c>l</c> latent as little-endian float32, <c>d</c> dimension, <c>p</c> provider, <c>pv</c> prompt version,
/// <c>c</c> the copied group) and <see cref="RedisKeys.IntentRequest"/> (<c>f</c>, <c>v</c>, <c>cand</c> and
/// <c>items</c>: the inputs, ids joined by U+001F).
/// <para>
/// Format 1 is the only one so far; values written before the <c>f</c> field existed have the same layout and read
/// as format 1. A reader meeting a format it does not know throws <see cref="FormatException"/> rather than
/// misreading: roll out readers before writers when the format changes.
/// </para>
/// </summary>
public sealed class IntentVectorStore(RedisConnection redis)
{
    /// <summary>The format every writer writes.</summary>
    public const int CurrentFormat = 1;

    private const char Separator = '\u001f';

    private const string SaveScript = """
        local stored = redis.call('HGET', KEYS[1], 'v')
        if stored and tonumber(stored) > tonumber(ARGV[2]) then return 0 end
        redis.call('HSET', KEYS[1], 'f', ARGV[1], 'v', ARGV[2], 'x', ARGV[3], 'l', ARGV[4], 'd', ARGV[5], 'p', ARGV[6], 'pv', ARGV[7], 'c', ARGV[8])
        redis.call('PEXPIRE', KEYS[1], ARGV[9])
        redis.call('HSET', KEYS[2], 'f', ARGV[1], 'v', ARGV[2], 'cand', ARGV[10], 'items', ARGV[11])
        redis.call('PEXPIRE', KEYS[2], ARGV[9])
        return 1
        """;

    private static readonly RedisValue[] VectorFields = ["f", "v", "x", "l", "c"];
    private static readonly RedisValue[] RequestFields = ["f", "v", "cand", "items"];

    /// <summary>Stores a session's vectors and their inputs unless a newer version is stored; true when written.</summary>
    public async Task<bool> SaveAsync(string sessionId, InferredIntentVectors vectors, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var db = await redis.GetDatabaseAsync(cancellationToken);
        var result = await db.ScriptEvaluateAsync(
            SaveScript,
            [RedisKeys.Intents(sessionId), RedisKeys.IntentRequest(sessionId)],
            [
                CurrentFormat, vectors.SessionVersion, Bytes(vectors.Explicit), Bytes(vectors.Latent), vectors.Explicit.Length,
                vectors.Provider, vectors.PromptVersion, vectors.Copied,
                ((long)ttl.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                string.Join(Separator, vectors.CandidateIds), string.Join(Separator, vectors.ItemIds),
            ]).WaitAsync(cancellationToken);
        return (int)result == 1;
    }

    /// <summary>One session's vectors, or null when it has none (or they expired).</summary>
    public async Task<StoredIntentVectors?> GetAsync(string sessionId, CancellationToken cancellationToken) =>
        (await GetManyAsync([sessionId], cancellationToken))[0];

    /// <summary>Several sessions' vectors in one round trip, in the order asked; null where a session has none (or they expired).</summary>
    public async Task<StoredIntentVectors?[]> GetManyAsync(IReadOnlyList<string> sessionIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionIds);
        var db = await redis.GetDatabaseAsync(cancellationToken);
        // One HMGET per session: their keys live in different Cluster slots; the multiplexer pipelines them.
        var reads = sessionIds.Select(id => db.HashGetAsync(RedisKeys.Intents(id), VectorFields)).ToArray();
        var values = await Task.WhenAll(reads).WaitAsync(cancellationToken);
        return [.. values.Select(DecodeVectors)];
    }

    /// <summary>The inputs the session's stored intents came from, or null.</summary>
    public async Task<StoredIntentRequest?> GetRequestAsync(string sessionId, CancellationToken cancellationToken)
    {
        var db = await redis.GetDatabaseAsync(cancellationToken);
        var values = await db.HashGetAsync(RedisKeys.IntentRequest(sessionId), RequestFields).WaitAsync(cancellationToken);
        if (values[1].IsNull)
        {
            return null;
        }

        CheckFormat(values[0]);
        return new StoredIntentRequest((long)values[1], Split(values[2]), Split(values[3]));
    }

    private static StoredIntentVectors? DecodeVectors(RedisValue[] values)
    {
        if (values[1].IsNull || values[2].IsNull || values[3].IsNull)
        {
            return null;
        }

        CheckFormat(values[0]);
        return new StoredIntentVectors((long)values[1], Floats((byte[])values[2]!), Floats((byte[])values[3]!), (string?)values[4] ?? "");
    }

    // No field: written before formats were numbered, the same layout as format 1.
    private static void CheckFormat(RedisValue format)
    {
        if (!format.IsNull && !string.Equals((string?)format, "1", StringComparison.Ordinal))
        {
            throw new FormatException($"stored intent vectors have format '{format}'; this reader knows format {CurrentFormat}");
        }
    }

    // A blob that is not whole float32 values is corrupt: an empty vector, which no model's dimension accepts.
    private static float[] Floats(byte[] bytes) =>
        bytes.Length % sizeof(float) == 0 ? MemoryMarshal.Cast<byte, float>(bytes).ToArray() : [];

    private static byte[] Bytes(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();

    private static string[] Split(RedisValue value) =>
        value.IsNullOrEmpty ? [] : ((string)value!).Split(Separator);
}
