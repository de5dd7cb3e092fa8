using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Streaming.Core.Contracts;
using Streaming.Core.Graph;
using Streaming.Messaging;
using Streaming.Serving;
using Streaming.State;

namespace Streaming.Ranker;

/// <summary>
/// Turns a poll batch of <see cref="CandidatesGenerated"/> and <see cref="IntentsInferred"/> into recommendation lists:
/// one answer per session (its events in the batch coalesced), the live sessions and stored intent vectors read in
/// one pipelined round trip, the model's item indices through the shared <see cref="SessionGraphBuilder"/>, one ONNX
/// Runtime call of the fused ranker for the whole batch, then <see cref="RecommendationsIssued"/> per session, awaited
/// before the loop stores the offsets. Stored intents are used whatever session version they were inferred for (the
/// model is trained to rank with stale or missing intents); a session without them gets the model's "no intent" input.
/// </summary>
public sealed class RecommendationBatchHandler(
    RankerModel model,
    LiveSessionStore sessions,
    IntentVectorStore intents,
    EventProducer producer,
    RankerMetrics metrics,
    IOptions<RankerOptions> options) : IEventBatchHandler<RankerInput>
{
    private readonly SessionGraphBuilder _builder = new();
    private readonly int _topN = options.Value.TopN;

    public async ValueTask HandleAsync(IReadOnlyList<ConsumedEvent<RankerInput>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var pending = Coalesce(batch);
        using var lease = await model.AcquireAsync(cancellationToken);
        if (lease is null)
        {
            metrics.Skipped(SkipReasons.NoModel, pending.Count);
            return;
        }

        // One version answers the whole batch, even if another is swapped in meanwhile.
        var loaded = lease.Value;

        if (loaded.Ranker is not { } ranker)
        {
            await PassOnCandidatesAsync(pending, cancellationToken);
            return;
        }

        var ids = pending.Keys.ToList();
        var liveRead = sessions.GetManyAsync(ids, cancellationToken);
        var intentsRead = intents.GetManyAsync(ids, cancellationToken);
        var live = await liveRead;
        var stored = await intentsRead;

        var rows = new List<Row>(ids.Count);
        var scoring = new ScoringBatch(loaded.Catalog, _builder, ids.Count);
        var explicitIntents = new List<float[]?>(ids.Count);
        var latentIntents = new List<float[]?>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            var session = pending[ids[i]];
            if (!scoring.CanScore(live[i], out var clicks, out var reason))
            {
                metrics.Skipped(reason);
                continue;
            }

            var vectors = Usable(stored[i], loaded.IntentDimension);
            if (session.Candidates is null && vectors is null)
            {
                metrics.Skipped("no-intents");
                continue;
            }

            scoring.Add(clicks);

            var kind = session.Intents is not null && vectors is not null ? RankerMetrics.Refined : RankerMetrics.Initial;
            rows.Add(new Row(ids[i], live[i]!.Version, vectors?.Version, kind, session));
            explicitIntents.Add(vectors is not null && (loaded.CopyEmptyGroup || vectors.HasOwnExplicit) ? vectors.Explicit : null);
            latentIntents.Add(vectors is not null && (loaded.CopyEmptyGroup || vectors.HasOwnLatent) ? vectors.Latent : null);
        }

        if (rows.Count == 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var top = ranker.Rank(scoring.Pack(ranker.Layout), explicitIntents, latentIntents);
        metrics.Inference(Stopwatch.GetElapsedTime(started));

        var deliveries = new List<Task<DeliveryResult<string?, byte[]>>>(rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var items = top.ScoredItemsOf(r, loaded.Catalog, _topN);
            var issued = new RecommendationsIssued(row.SessionId, row.SessionVersion, loaded.Version, items, row.IntentsVersion, row.Pending.ClickTime);
            deliveries.Add(Publish(issued, row.Pending.Source, cancellationToken));
        }

        await Task.WhenAll(deliveries);
        var now = DateTimeOffset.UtcNow;
        foreach (var row in rows)
        {
            metrics.Issued(row.Kind);
            Latency(row.Kind, now - row.Pending.ClickTime);
        }
    }

    // The served version has no fused ranker (an SR-GNN-only version): the candidate list is the best answer there is.
    private async Task PassOnCandidatesAsync(Dictionary<string, PendingSession> pending, CancellationToken cancellationToken)
    {
        var deliveries = new List<Task<DeliveryResult<string?, byte[]>>>(pending.Count);
        var clickTimes = new List<DateTimeOffset>(pending.Count);
        foreach (var (sessionId, session) in pending)
        {
            if (session.Candidates is not { } candidates)
            {
                metrics.Skipped("no-ranker");
                continue;
            }

            var items = candidates.Candidates.Take(_topN).ToList();
            var issued = new RecommendationsIssued(sessionId, candidates.SessionVersion, candidates.ModelVersion, items, null, candidates.ClickTime);
            deliveries.Add(Publish(issued, session.CandidatesMessage!, cancellationToken));
            clickTimes.Add(candidates.ClickTime);
        }

        await Task.WhenAll(deliveries);
        var now = DateTimeOffset.UtcNow;
        foreach (var clickTime in clickTimes)
        {
            metrics.Issued(RankerMetrics.Fallback);
            metrics.FallbackUsed("no-ranker");
            Latency(RankerMetrics.Fallback, now - clickTime);
        }
    }

    private Task<DeliveryResult<string?, byte[]>> Publish(RecommendationsIssued issued, ConsumeResult<string?, byte[]> source, CancellationToken cancellationToken) =>
        producer.PublishAsync(Topics.Recommendations, issued.SessionId, issued, StreamingJsonContext.Default.RecommendationsIssued, source.Message.Headers, null, cancellationToken);

    // Vectors of another size (another encoder than the model was trained with) would be meaningless input: rank without them.
    private StoredIntentVectors? Usable(StoredIntentVectors? vectors, int dimension)
    {
        if (vectors is null)
        {
            return null;
        }

        if (vectors.Explicit.Length != dimension || vectors.Latent.Length != dimension)
        {
            metrics.IntentsIgnored("dimension");
            return null;
        }

        return vectors;
    }

    // Replayed history has click times far in the past: that is event-time lag, still worth seeing; future ones are clock skew.
    private void Latency(string kind, TimeSpan elapsed)
    {
        if (elapsed >= TimeSpan.Zero)
        {
            metrics.EndToEnd(kind, elapsed);
        }
    }

    private Dictionary<string, PendingSession> Coalesce(IReadOnlyList<ConsumedEvent<RankerInput>> batch)
    {
        var pending = new Dictionary<string, PendingSession>(StringComparer.Ordinal);
        foreach (var message in batch)
        {
            var first = message.Event switch
            {
                { Candidates: { } candidates } => Session(pending, candidates.SessionId).Add(candidates, message.Source),
                { Intents: { } intents } => Session(pending, intents.SessionId).Add(intents, message.Source),
                _ => throw new InvalidOperationException("a RankerInput holds candidates or intents"),
            };
            if (!first)
            {
                metrics.Skipped(SkipReasons.Coalesced);
            }
        }

        return pending;
    }

    private static PendingSession Session(Dictionary<string, PendingSession> pending, string sessionId)
    {
        if (!pending.TryGetValue(sessionId, out var session))
        {
            session = new PendingSession();
            pending[sessionId] = session;
        }

        return session;
    }

    private sealed record Row(string SessionId, long SessionVersion, long? IntentsVersion, string Kind, PendingSession Pending);
}
