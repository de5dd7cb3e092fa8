using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Streaming.Core.Catalog;
using Streaming.Core.Contracts;
using Streaming.Messaging;
using Streaming.State;

namespace Streaming.IntentWorker;

/// <summary>
/// Handles a poll batch of <see cref="CandidatesGenerated"/>: nothing while no fused ranker is served
/// (<see cref="FusedRankerWatch"/>); only each session's newest version is considered (older ones are superseded), so
/// one request per session is in flight; the freshest lists go first, sessions run concurrently up to
/// <see cref="IntentWorkerOptions.MaxConcurrency"/>, and a session whose answer would come after
/// <see cref="IntentWorkerOptions.Deadline"/> is dropped (<see cref="AnswerDeadline"/>). A session is asked about only when it can matter (see
/// <see cref="HandleSessionAsync"/>); every skip is counted by reason. Intents are stored in Redis, then announced on
/// <c>intents</c>. A provider failure gives the session no intents and does not fail the batch; a Redis or Kafka
/// failure does (the batch is retried; storing is idempotent).
/// </summary>
public sealed class CandidatesBatchHandler(
    IntentEngine engine,
    IntentStore store,
    LiveSessionStore sessions,
    EventProducer producer,
    IntentMetrics metrics,
    FusedRankerWatch rankers,
    AnswerDeadline deadline,
    IOptions<IntentWorkerOptions> options) : IEventBatchHandler<CandidatesGenerated>
{
    public const string Superseded = "superseded";
    public const string NoFusedRanker = "no-fused-ranker";
    public const string Deadline = "deadline";
    public const string Stale = "stale";
    public const string SessionMissing = "session-missing";
    public const string ShortSession = "short-session";
    public const string Unchanged = "unchanged";
    public const string NoCatalog = "no-catalog";
    public const string BatchDeadline = "batch-deadline";

    private readonly IntentWorkerOptions _options = options.Value;

    public async ValueTask HandleAsync(IReadOnlyList<ConsumedEvent<CandidatesGenerated>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var newest = new Dictionary<string, (CandidatesGenerated Event, Headers? Headers, DateTimeOffset Created)>(StringComparer.Ordinal);
        foreach (var message in batch)
        {
            var generated = message.Event;
            if (newest.TryGetValue(generated.SessionId, out var seen))
            {
                metrics.Skipped(Superseded);
                if (seen.Event.SessionVersion >= generated.SessionVersion)
                {
                    continue;
                }
            }

            newest[generated.SessionId] = (generated, message.Headers, message.Source.Message.Timestamp.UtcDateTime);
        }

        // Intents are only used by a fused ranker: without one served they would be computed for nothing.
        if (!await rankers.IsServedAsync(cancellationToken))
        {
            metrics.Skipped(NoFusedRanker, newest.Count);
            return;
        }

        var engineParts = await engine.GetAsync(cancellationToken);
        if (engineParts is null)
        {
            metrics.Skipped(NoCatalog, newest.Count);
            return;
        }

        var (catalog, inference) = engineParts.Value;
        var time = deadline.Time;
        var started = time.GetTimestamp();

        // Freshest lists first: when time runs short, the sessions dropped are the ones whose answer matters least.
        var freshestFirst = newest.Values.OrderByDescending(entry => entry.Created).ToList();
        await Parallel.ForEachAsync(
            freshestFirst,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = cancellationToken },
            async (entry, ct) =>
            {
                if (time.GetElapsedTime(started) > _options.MaxBatchDuration)
                {
                    metrics.Skipped(BatchDeadline);
                    return;
                }

                if (deadline.TooLate(entry.Created))
                {
                    metrics.Skipped(Deadline);
                    return;
                }

                var working = time.GetTimestamp();
                await HandleSessionAsync(entry.Event, entry.Headers, catalog, inference, ct);
                deadline.Worked(time.GetElapsedTime(working));
            });
    }

    /// <summary>
    /// Asks only when it can matter: not for a version already handled (stale), not for an expired session, not for a
    /// session shorter than <see cref="IntentWorkerOptions.MinSessionLength"/>, and not when the session's items are
    /// the same as last time and less than <see cref="IntentWorkerOptions.MinCandidateChange"/> of the candidates are new.
    /// </summary>
    private async Task HandleSessionAsync(CandidatesGenerated generated, Headers? headers, ItemCatalog catalog, IntentInference inference, CancellationToken cancellationToken)
    {
        var last = await store.GetRequestAsync(generated.SessionId, cancellationToken);
        if (last is not null && generated.SessionVersion <= last.SessionVersion)
        {
            metrics.Skipped(Stale);
            return;
        }

        var session = await sessions.GetAsync(generated.SessionId, cancellationToken);
        if (session is null)
        {
            metrics.Skipped(SessionMissing);
            return;
        }

        if (session.Length < _options.MinSessionLength)
        {
            metrics.Skipped(ShortSession);
            return;
        }

        var candidateIds = generated.Candidates.Select(c => c.ItemId).ToList();
        if (last is not null && last.SameItems(session.Nodes) && last.ChangeTo(candidateIds) < _options.MinCandidateChange)
        {
            metrics.Skipped(Unchanged);
            return;
        }

        var sessionItems = Known(catalog, session.Items);
        var candidates = Known(catalog, candidateIds);
        var outcome = await inference.InferAsync(sessionItems, candidates, cancellationToken);
        if (!outcome.HasIntents)
        {
            return;
        }

        var written = await store.SaveAsync(
            generated.SessionId, generated.SessionVersion, outcome.Vectors!, inference.Provider.Name, inference.PromptVersion,
            candidateIds, session.Nodes, cancellationToken);
        if (!written)
        {
            metrics.Skipped(Stale);
            return;
        }

        var inferred = new IntentsInferred(
            generated.SessionId,
            generated.SessionVersion,
            inference.Provider.Name,
            inference.PromptVersion,
            [.. outcome.Intents!.Explicit.Select(i => i.Title!)],
            [.. outcome.Intents.Latent.Select(i => i.Title!), .. outcome.Intents.FreeText],
            outcome.Intents.Dropped,
            outcome.ProviderLatency.TotalMilliseconds,
            generated.ClickTime);
        await producer.PublishAsync(Topics.Intents, generated.SessionId, inferred, StreamingJsonContext.Default.IntentsInferred, headers, generated.ClickTime, cancellationToken);
    }

    // Items the catalog does not know have no title to show or name; they are left out.
    private static List<CatalogItem> Known(ItemCatalog catalog, IEnumerable<string> ids) =>
        [.. ids.Select(catalog.IndexOf).Where(index => index != ItemCatalog.PaddingIndex).Select(index => catalog[index])];

    /// <summary>A candidates message names its candidates (the session id is the subscription's key rule).</summary>
    public static MessageRejection? Validate(CandidatesGenerated generated)
    {
        ArgumentNullException.ThrowIfNull(generated);
        return generated.Candidates is null ? new(MessageRejection.MissingField, "a candidates message needs candidates") : null;
    }
}
