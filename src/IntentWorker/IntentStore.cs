using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Streaming.Core.Contracts;
using Streaming.State;

namespace Streaming.IntentWorker;

/// <summary>
/// The worker's Redis state. Per session (one hash slot): the intent vectors (<see cref="RedisKeys.Intents"/>: fields
/// <c>v</c> session version, <c>x</c> explicit and <c>l</c> latent as little-endian float32, <c>d</c> dimension,
/// <c>p</c> provider, <c>pv</c> prompt version, <c>c</c> the copied group) and the inputs they came from
/// (<see cref="RedisKeys.IntentRequest"/>), written together by one script that never replaces a newer version.
/// Not per session: cached LLM answers (<see cref="RedisKeys.LlmAnswer"/>).
/// </summary>
public sealed class IntentStore(RedisConnection redis, IOptions<IntentWorkerOptions> options) : IAnswerCache
{
    private const char Separator = '\u001f';

    private const string SaveScript = """
        local stored = redis.call('HGET', KEYS[1], 'v')
        if stored and tonumber(stored) > tonumber(ARGV[1]) then return 0 end
        redis.call('HSET', KEYS[1], 'v', ARGV[1], 'x', ARGV[2], 'l', ARGV[3], 'd', ARGV[4], 'p', ARGV[5], 'pv', ARGV[6], 'c', ARGV[7])
        redis.call('PEXPIRE', KEYS[1], ARGV[8])
        redis.call('HSET', KEYS[2], 'v', ARGV[1], 'cand', ARGV[9], 'items', ARGV[10])
        redis.call('PEXPIRE', KEYS[2], ARGV[8])
        return 1
        """;

    private readonly IntentWorkerOptions _options = options.Value;

    public async Task<IntentRequestRecord?> GetRequestAsync(string sessionId, CancellationToken cancellationToken)
    {
        var db = await redis.GetDatabaseAsync(cancellationToken);
        var values = await db.HashGetAsync(RedisKeys.IntentRequest(sessionId), ["v", "cand", "items"]).WaitAsync(cancellationToken);
        if (values[0].IsNull)
        {
            return null;
        }

        return new IntentRequestRecord((long)values[0], Split(values[1]), Split(values[2]));
    }

    /// <summary>Stores the vectors and their inputs unless a newer version is stored; true when written.</summary>
    public async Task<bool> SaveAsync(
        string sessionId,
        long sessionVersion,
        IntentVectors vectors,
        string provider,
        string promptVersion,
        IReadOnlyList<string> candidateIds,
        IEnumerable<string> itemIds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var db = await redis.GetDatabaseAsync(cancellationToken);
        var ttl = ((long)_options.IntentsTtl.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        var result = await db.ScriptEvaluateAsync(
            SaveScript,
            [RedisKeys.Intents(sessionId), RedisKeys.IntentRequest(sessionId)],
            [
                sessionVersion, Bytes(vectors.Explicit), Bytes(vectors.Latent), vectors.Explicit.Length, provider, promptVersion,
                vectors.Copied, ttl, string.Join(Separator, candidateIds), string.Join(Separator, itemIds),
            ]).WaitAsync(cancellationToken);
        return (int)result == 1;
    }

    /// <summary>The stored vectors of a session: (version, explicit, latent), or null.</summary>
    public async Task<(long Version, float[] Explicit, float[] Latent, string Copied)?> GetVectorsAsync(string sessionId, CancellationToken cancellationToken)
    {
        var db = await redis.GetDatabaseAsync(cancellationToken);
        var values = await db.HashGetAsync(RedisKeys.Intents(sessionId), ["v", "x", "l", "c"]).WaitAsync(cancellationToken);
        if (values[0].IsNull)
        {
            return null;
        }

        return ((long)values[0], Floats((byte[])values[1]!), Floats((byte[])values[2]!), (string?)values[3] ?? "");
    }

    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var db = await redis.GetDatabaseAsync(cancellationToken);
        var value = await db.StringGetAsync(RedisKeys.LlmAnswer(key)).WaitAsync(cancellationToken);
        return value.IsNull ? null : (string?)value;
    }

    public async Task SetAsync(string key, string answer, CancellationToken cancellationToken)
    {
        var db = await redis.GetDatabaseAsync(cancellationToken);
        await db.StringSetAsync(RedisKeys.LlmAnswer(key), answer, _options.AnswerCacheTtl).WaitAsync(cancellationToken);
    }

    public static float[] Floats(byte[] bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();

    private static byte[] Bytes(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();

    private static string[] Split(RedisValue value) =>
        value.IsNullOrEmpty ? [] : ((string)value!).Split(Separator);
}
