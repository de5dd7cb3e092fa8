using System.Diagnostics;
using System.Text.Json;
using Confluent.Kafka;
using Streaming.Core.Contracts;
using Streaming.State;
using Streaming.Messaging;

namespace Streaming.Ingest;

/// <summary>
/// Handles a poll batch of clicks: validate all, apply all in one pipelined Redis round trip, then publish
/// <see cref="SessionUpdated"/> and wait for its delivery, so the loop stores the offsets only after both.
/// An invalid click fails the batch as poison; the loop then handles the batch one message at a time, which
/// is safe because applying is idempotent, and dead-letters just the invalid one.
/// </summary>
public sealed class ClickBatchHandler(ClickApplier applier, EventProducer producer, IngestMetrics metrics) : IMessageBatchHandler
{
    public const string KeyMismatch = "key-mismatch";

    public async ValueTask HandleAsync(IReadOnlyList<ConsumeResult<string?, byte[]>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var clicks = new ClickToApply[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            clicks[i] = Parse(batch[i]);
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

    private static ClickToApply Parse(ConsumeResult<string?, byte[]> message)
    {
        if (!ClickEventReader.TryRead(message.Message.Value, out var click, out var rejection))
        {
            throw new PoisonMessageException(rejection!.Code, rejection.Message);
        }

        // Per-session order and offset idempotency rely on one session living on one partition.
        if (!string.Equals(message.Message.Key, click.SessionId, StringComparison.Ordinal))
        {
            throw new PoisonMessageException(KeyMismatch, $"the message key must be the session id '{click.SessionId}', not '{message.Message.Key}'");
        }

        return new ClickToApply(click, message.Partition.Value, message.Offset.Value);
    }

    private Task<DeliveryResult<string?, byte[]>> Publish(ConsumeResult<string?, byte[]> source, ClickEvent click, ApplyOutcome outcome, CancellationToken cancellationToken)
    {
        var update = new SessionUpdated(click.SessionId, outcome.Version, click.Timestamp, outcome.Length);
        var headers = MessageHeaders.CausedBy(source.Message.Headers);
        MessageHeaders.SetClickTime(headers, click.Timestamp);
        var value = JsonSerializer.SerializeToUtf8Bytes(update, StreamingJsonContext.Default.SessionUpdated);
        return producer.ProduceAsync(Topics.SessionUpdates, new Message<string?, byte[]> { Key = click.SessionId, Value = value, Headers = headers }, cancellationToken);
    }
}
