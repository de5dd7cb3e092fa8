using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Streaming.Core.Contracts;
using Streaming.Core.Graph;
using Streaming.Messaging;
using Streaming.State;

namespace Streaming.Candidates;

/// <summary>
/// Turns a poll batch of <see cref="SessionUpdated"/> into candidate lists: the newest update per session, the live
/// sessions read in one round trip, the model's item indices through the shared <see cref="SessionGraphBuilder"/>,
/// one ONNX Runtime call for the whole batch, then <see cref="CandidatesGenerated"/> per session, awaited before the
/// loop stores the offsets. Items the model's catalog does not know are left out of its input.
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
                metrics.Skipped("coalesced");
                continue;
            }

            if (seen.Update is not null)
            {
                metrics.Skipped("coalesced");
            }

            newest[update.SessionId] = (update, message);
        }

        // One version scores the whole batch and is named in every list; a swap meanwhile serves the next batch.
        using var lease = model.Acquire();
        if (lease is null)
        {
            metrics.Skipped("no-model", newest.Count);
            return;
        }

        var loaded = lease.Value;

        var ids = newest.Keys.ToList();
        var live = await sessions.GetManyStoredAsync(ids, cancellationToken);
        var rows = new List<(string SessionId, long Version)>(ids.Count);
        var graphs = new List<SessionGraph>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            if (live[i] is not { Session: var session } stored)
            {
                metrics.Skipped("session-missing");
                continue;
            }

            // A list for this version (or a newer one) is out already: a re-delivery after a restart, or a stale update.
            if (stored.IsAnswered)
            {
                metrics.Skipped("answered");
                continue;
            }

            var clicks = session.ToModelClicks(loaded.Catalog);
            if (clicks.Length == 0)
            {
                metrics.Skipped("no-known-items");
                continue;
            }

            rows.Add((ids[i], session.Version));
            graphs.Add(_builder.Build(clicks));
        }

        if (graphs.Count == 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var top = loaded.Generator.Generate(SessionGraphBatch.Pack(graphs, loaded.Generator.Layout));
        metrics.Inference(Stopwatch.GetElapsedTime(started));

        var deliveries = new List<Task<DeliveryResult<string?, byte[]>>>(rows.Count);
        for (var row = 0; row < rows.Count; row++)
        {
            var (sessionId, version) = rows[row];
            var (update, source) = newest[sessionId];
            var items = top.ItemsOf(row);
            var scores = top.ScoresOf(row);
            var candidates = new List<ScoredItem>(Math.Min(_topK, items.Length));
            for (var k = 0; k < items.Length && candidates.Count < _topK; k++)
            {
                if (items[k] > 0 && items[k] <= loaded.Catalog.Count)
                {
                    candidates.Add(new ScoredItem(loaded.Catalog[items[k]].ExternalId, scores[k]));
                }
            }

            var generated = new CandidatesGenerated(sessionId, version, loaded.Version, candidates, update.ClickTime);
            deliveries.Add(producer.PublishAsync(Topics.Candidates, sessionId, generated, StreamingJsonContext.Default.CandidatesGenerated, source.Headers, null, cancellationToken));
        }

        await Task.WhenAll(deliveries);
        metrics.Generated(deliveries.Count);
        // Only after delivery: a crash before this line re-publishes (at-least-once), never loses a list.
        await sessions.MarkAnsweredAsync(rows, cancellationToken);
    }
}
