namespace Streaming.IntentWorker;

/// <summary>Raw LLM answers by input hash (see <see cref="AnswerCacheKey"/>).</summary>
public interface IAnswerCache
{
    Task<string?> GetAsync(string key, CancellationToken cancellationToken);

    Task SetAsync(string key, string answer, CancellationToken cancellationToken);
}
