using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Streaming.Core.Contracts;
using Streaming.Core.Graph;
using Streaming.Messaging;
using Streaming.Serving;
using Streaming.State;

namespace Streaming.Candidates;

/// <summary>
/// Turns a poll batch of <see cref="SessionUpdated"/> into candidate lists: the newest update per session, the live
/// sessions read in one round trip (a session already newer than its update is left to that newer update), the
/// model's item indices and graphs through the shared <see cref="ScoringBatch"/>, one ONNX Runtime call for the whole
/// batch, then <see cref="CandidatesGenerated"/> per session, awaited before the loop stores the offsets. Items the
/// model's catalog does not know are left out of its input.
/// </summary>
public sealed class SessionUpdatesBatchHandler(
    CandidateModel model,
    LiveSessionStore sessions,
    EventProducer producer,
    CandidatesMetrics metrics,
    IOptions<CandidatesOptions> options) : IEventBatchHandler<SessionUpdated>
{
    private readonly SessionGraphBuilder _builder = new();
    private readonly int _topK = options.Value.TopK;

    public async ValueTask HandleAsync(IReadOnlyList<ConsumedEvent<SessionUpdated>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var newest = new Dictionary<string, (SessionUpdated Update, ConsumedEvent<SessionUpdated> Message)>(StringComparer.Ordinal);
        foreach (var message in batch)
        {
            var update = message.Event;
            if (newest.TryGetValue(update.SessionId, out var seen) && seen.Update.Version >= update.Version)
            {
                metrics.Skipped(SkipReasons.Coalesced);
                continue;
            }

            if (seen.Update is not null)
            {
                metrics.Skipped(SkipReasons.Coalesced);
            }

            newest[update.SessionId] = (update, message);
        }

        // One version scores the whole batch and is named in every list; a swap meanwhile serves the next batch.
        using var lease = await model.AcquireAsync(cancellationToken);
        if (lease is null)
        {
            metrics.Skipped(SkipReasons.NoModel, newest.Count);
            return;
        }

        var loaded = lease.Value;
        var started = Stopwatch.GetTimestamp();
        var ids = newest.Keys.ToList();
        var live = await sessions.GetManyStoredAsync(ids, cancellationToken);
        metrics.Stage(CandidatesMetrics.ReadStage, Stopwatch.GetElapsedTime(started));

        started = Stopwatch.GetTimestamp();
        var scoring = new ScoringBatch(loaded.Catalog, _builder, ids.Count);
        var rows = new List<(string SessionId, long Version)>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            // Ingest publishes an update for every version it applies (again after a re-delivery), so a newer live
            // version has its own update behind this one on the partition: answering this one too would be wasted work.
            var stored = live[i];
            if (stored is not null && stored.Session.Version > newest[ids[i]].Update.Version)
            {
                metrics.Skipped(SkipReasons.Superseded);
                continue;
            }

            // A list for this version (or a newer one) is out already: a re-delivery after a restart, or a stale update.
            if (stored is { IsAnswered: true })
            {
                metrics.Skipped(SkipReasons.Answered);
                continue;
            }

            if (!scoring.TryAdd(stored?.Session, out var reason))
            {
                metrics.Skipped(reason);
                continue;
            }

            rows.Add((ids[i], stored!.Session.Version));
        }

        if (rows.Count == 0)
        {
            return;
        }

        var packed = scoring.Pack(loaded.Generator.Layout);
        metrics.Stage(CandidatesMetrics.BuildStage, Stopwatch.GetElapsedTime(started));
        started = Stopwatch.GetTimestamp();
        var top = loaded.Generator.Generate(packed);
        metrics.Inference(Stopwatch.GetElapsedTime(started));

        started = Stopwatch.GetTimestamp();
        var deliveries = new List<Task<DeliveryResult<string?, byte[]>>>(rows.Count);
        for (var row = 0; row < rows.Count; row++)
        {
            var (sessionId, version) = rows[row];
            var (update, source) = newest[sessionId];
            var candidates = top.ScoredItemsOf(row, loaded.Catalog, _topK);
            var generated = new CandidatesGenerated(sessionId, version, loaded.Version, candidates, update.ClickTime);
            deliveries.Add(producer.PublishAsync(Topics.Candidates, sessionId, generated, StreamingJsonContext.Default.CandidatesGenerated, source.Headers, null, cancellationToken));
        }

        await Task.WhenAll(deliveries);
        metrics.Stage(CandidatesMetrics.PublishStage, Stopwatch.GetElapsedTime(started));
        metrics.Generated(deliveries.Count);
        // Only after delivery: a crash before this line re-publishes (at-least-once), never loses a list.
        await sessions.MarkAnsweredAsync(rows, cancellationToken);
    }
}
