using System.Diagnostics;
using Confluent.Kafka;
using Streaming.Core.Contracts;
using Streaming.State;
using Streaming.Messaging;

namespace Streaming.Ingest;

/// <summary>
/// Handles a poll batch of valid clicks (the subscription's <see cref="ClickMessageReader"/> has dead-lettered the
/// invalid ones): apply all in one pipelined Redis round trip, then publish <see cref="SessionUpdated"/> and wait
/// for its delivery, so the loop stores the offsets only after both.
/// </summary>
public sealed class ClickBatchHandler(ClickApplier applier, EventProducer producer, IngestMetrics metrics) : IEventBatchHandler<ClickEvent>
{
    public async ValueTask HandleAsync(IReadOnlyList<ConsumedEvent<ClickEvent>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var clicks = new ClickToApply[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var source = batch[i].Source;
            clicks[i] = new ClickToApply(batch[i].Event, source.Partition.Value, source.Offset.Value);
        }

        var started = Stopwatch.GetTimestamp();
        var outcomes = await applier.ApplyAsync(clicks, cancellationToken);
        metrics.ApplyDuration(Stopwatch.GetElapsedTime(started));

        var deliveries = new List<Task<DeliveryResult<string?, byte[]>>>(clicks.Length);
        for (var i = 0; i < clicks.Length; i++)
        {
            var outcome = outcomes[i];
            if (outcome.Applied)
            {
                metrics.Applied(1);
            }
            else
            {
                metrics.Duplicate(outcome.Status);
            }

            // A re-delivered offset may have died before its update was published, so it is published again;
            // a producer duplicate's original was published under its own offset.
            if (outcome.Status != ApplyStatus.SeenEventId)
            {
                deliveries.Add(Publish(batch[i], clicks[i].Click, outcome, cancellationToken));
            }
        }

        await Task.WhenAll(deliveries);
    }

    private Task<DeliveryResult<string?, byte[]>> Publish(ConsumedEvent<ClickEvent> source, ClickEvent click, ApplyOutcome outcome, CancellationToken cancellationToken)
    {
        // Only an applied click is known to have made this version (a re-delivered offset reports the current one).
        var update = new SessionUpdated(click.SessionId, outcome.Version, click.Timestamp, outcome.Length, outcome.Applied ? click.ItemId : null);
        return producer.PublishAsync(Topics.SessionUpdates, click.SessionId, update, StreamingJsonContext.Default.SessionUpdated, source.Headers, click.Timestamp, cancellationToken);
    }
}
