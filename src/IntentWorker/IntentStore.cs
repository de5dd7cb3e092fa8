using Microsoft.Extensions.Options;
using Streaming.Core.Contracts;
using Streaming.State;

namespace Streaming.IntentWorker;

/// <summary>
/// The worker's Redis state. Per session: the intent vectors and the inputs they came from, whose shape, script and
/// reader live in State (<see cref="IntentVectorStore"/>). Not per session: cached LLM answers
/// (<see cref="RedisKeys.LlmAnswer"/>), which only this worker reads and writes.
/// </summary>
public sealed class IntentStore(RedisConnection redis, IOptions<IntentWorkerOptions> options) : IAnswerCache
{
    private readonly IntentVectorStore _vectors = new(redis);
    private readonly IntentWorkerOptions _options = options.Value;

    public async Task<IntentRequestRecord?> GetRequestAsync(string sessionId, CancellationToken cancellationToken) =>
        await _vectors.GetRequestAsync(sessionId, cancellationToken) is { } request
            ? new IntentRequestRecord(request.SessionVersion, request.CandidateIds, request.ItemIds)
            : null;

    /// <summary>Stores the vectors and their inputs unless a newer version is stored; true when written.</summary>
    public Task<bool> SaveAsync(
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
        var inferred = new InferredIntentVectors(
            sessionVersion, vectors.Explicit, vectors.Latent, vectors.Copied, provider, promptVersion, candidateIds, [.. itemIds]);
        return _vectors.SaveAsync(sessionId, inferred, _options.IntentsTtl, cancellationToken);
    }

    /// <summary>The stored vectors of a session, or null.</summary>
    public Task<StoredIntentVectors?> GetVectorsAsync(string sessionId, CancellationToken cancellationToken) =>
        _vectors.GetAsync(sessionId, cancellationToken);

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
}
