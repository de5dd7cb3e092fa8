using Confluent.Kafka;
using Streaming.Core.Contracts;
using Streaming.Core.Datasets;
using Streaming.Messaging;

namespace Streaming.Trainer.Retraining;

/// <summary>
/// Reads a poll batch of the <c>clicks</c> topic into the <see cref="ClickLog"/>. Invalid clicks (the public schema's
/// rejections, or a key that is not the session id) are counted and skipped, not dead-lettered: Ingest already
/// dead-letters them from the same topic. Never throws for bad input, so the loop never re-handles a batch.
/// </summary>
public sealed class ClicksBatchHandler(ClickLog log, TrainerMetrics metrics) : IMessageBatchHandler
{
    public const string KeyMismatch = "key-mismatch";

    public ValueTask HandleAsync(IReadOnlyList<ConsumeResult<string?, byte[]>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var added = 0;
        foreach (var message in batch)
        {
            if (!ClickEventReader.TryRead(message.Message.Value, out var click, out var rejection))
            {
                metrics.InvalidClick(rejection!.Code);
                continue;
            }

            if (!string.Equals(message.Message.Key, click.SessionId, StringComparison.Ordinal))
            {
                metrics.InvalidClick(KeyMismatch);
                continue;
            }

            // The offset orders a session's clicks that share a timestamp (one session lives on one partition).
            var interaction = new Interaction(click.SessionId, click.ItemId, click.Timestamp, message.Offset.Value);
            if (log.TryAppend(message.Topic, message.Partition.Value, message.Offset.Value, interaction, click.EventId))
            {
                added++;
            }
            else
            {
                metrics.DuplicateClick();
            }
        }

        metrics.ClicksRead(added);
        return ValueTask.CompletedTask;
    }
}
