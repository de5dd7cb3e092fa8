using System.ClientModel;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Streaming.Core.Catalog;
using Streaming.IntentWorker.Grounding;
using Streaming.IntentWorker.Prompting;
using Streaming.IntentWorker.Providers;

namespace Streaming.IntentWorker;

/// <summary>
/// One inference, the same for the live worker and the batch path: render the prompt, take the answer from the cache
/// or ask the provider (within the request allowance and the circuit breaker), ground it in the candidates, and turn
/// the groups into vectors. A provider failure is counted and gives the session no intents; it never throws, except
/// for cancellation by the caller.
/// </summary>
public sealed partial class IntentInference(
    IIntentProvider provider,
    PromptTemplate template,
    IntentGrounder grounder,
    IntentVectorizer vectorizer,
    IAnswerCache? cache,
    RequestAllowance allowance,
    CircuitBreaker breaker,
    IntentMetrics metrics,
    ILogger logger)
{
    public const string BreakerOpen = "breaker-open";
    public const string NoGroundedIntents = "no-grounded-intents";
    public const string NoCandidates = "no-titled-candidates";

    public IIntentProvider Provider => provider;

    public string PromptVersion => template.Version;

    public int Dimension => vectorizer.Dimension;

    /// <summary>Intents for a session (items oldest first) given its candidates (best first); only titled candidates can be named.</summary>
    public async Task<IntentOutcome> InferAsync(IReadOnlyList<CatalogItem> sessionItems, IReadOnlyList<CatalogItem> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionItems);
        ArgumentNullException.ThrowIfNull(candidates);
        var titled = candidates.Where(c => !string.IsNullOrWhiteSpace(c.Title)).ToList();
        if (titled.Count == 0)
        {
            metrics.Skipped(NoCandidates);
            return NoIntents(NoCandidates, cacheHit: false, TimeSpan.Zero);
        }

        var clicked = sessionItems.Where(i => !string.IsNullOrWhiteSpace(i.Title)).Select(i => i.Title!).ToList();
        var prompt = template.Render(clicked, [.. titled.Select(c => c.Title!)]);
        var key = provider.IsLanguageModel && cache is not null
            ? AnswerCacheKey.For(provider, template.Version, sessionItems.Select(i => i.ExternalId), titled.Select(c => c.ExternalId))
            : null;
        var answer = key is null ? null : await cache!.GetAsync(key, cancellationToken);
        var cacheHit = answer is not null;
        if (key is not null)
        {
            metrics.Cache(cacheHit);
        }

        var latency = TimeSpan.Zero;
        if (answer is null)
        {
            if (provider.IsLanguageModel && allowance.TryTake() is { } limited)
            {
                metrics.Skipped(limited);
                return NoIntents(limited, cacheHit, latency);
            }

            if (provider.IsLanguageModel && !breaker.TryAcquire())
            {
                metrics.Failed(BreakerOpen);
                return NoIntents(BreakerOpen, cacheHit, latency);
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                answer = await provider.AskAsync(new IntentQuestion(prompt, sessionItems, titled), cancellationToken);
                breaker.RecordSuccess();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                breaker.Abandon();
                throw;
            }
            catch (Exception ex)
            {
                breaker.RecordFailure();
                var reason = FailureReason(ex);
                metrics.Failed(reason);
                Log.ProviderFailed(logger, provider.Name, reason, ex.Message);
                return NoIntents(reason, cacheHit, Stopwatch.GetElapsedTime(started));
            }

            latency = Stopwatch.GetElapsedTime(started);
            metrics.ProviderDuration(latency);
            if (key is not null)
            {
                await cache!.SetAsync(key, answer, cancellationToken);
            }
        }

        var sessionIds = sessionItems.Select(i => i.ExternalId).ToHashSet(StringComparer.Ordinal);
        var grounded = grounder.Ground(answer, titled, sessionIds);
        metrics.Dropped(grounded.Dropped, grounded.Duplicates);
        var vectors = vectorizer.Vectorize(grounded);
        if (vectors is null)
        {
            metrics.Failed(NoGroundedIntents);
            return new IntentOutcome(grounded, null, NoGroundedIntents, cacheHit, latency);
        }

        metrics.Inferred();
        return new IntentOutcome(grounded, vectors, null, cacheHit, latency);
    }

    /// <summary>A short, stable reason for a failed request (a metric tag).</summary>
    public static string FailureReason(Exception exception) => exception switch
    {
        ClientResultException { Status: 429 } => "http-429",
        ClientResultException { Status: >= 500 } => "http-5xx",
        ClientResultException { Status: >= 400 } => "http-4xx",
        ClientResultException => "transport",
        OperationCanceledException or TimeoutException => "timeout",
        JsonException or FormatException or KeyNotFoundException or InvalidOperationException => "malformed-response",
        HttpRequestException or IOException => "transport",
        // The client's retry policy aggregates the exceptions of all attempts; the last one says how it ended.
        AggregateException { InnerExceptions.Count: > 0 } aggregate => FailureReason(aggregate.InnerExceptions[^1]),
        _ => "error",
    };

    private static IntentOutcome NoIntents(string reason, bool cacheHit, TimeSpan latency) => new(null, null, reason, cacheHit, latency);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "ProviderFailed", Level = LogLevel.Warning,
            Message = "Intent provider {Provider} failed ({Reason}): {Error}; the session gets no intents")]
        public static partial void ProviderFailed(ILogger logger, string provider, string reason, string error);
    }
}
