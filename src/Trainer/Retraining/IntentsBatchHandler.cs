using System.Text.Json;
using Confluent.Kafka;
using Streaming.Core.Contracts;
using Streaming.Messaging;

namespace Streaming.Trainer.Retraining;

/// <summary>
/// Reads a poll batch of the <c>intents</c> topic into the <see cref="IntentLog"/>. Unreadable records (malformed JSON,
/// a key that is not the session id) are counted and skipped: the trainer only reads what the IntentWorker wrote, and a
/// bad record must not stop it following the log. Never throws for bad input.
/// </summary>
public sealed class IntentsBatchHandler(IntentLog log, TrainerMetrics metrics) : IMessageBatchHandler
{
    public const string Malformed = "malformed";

    public ValueTask HandleAsync(IReadOnlyList<ConsumeResult<string?, byte[]>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var added = 0;
        foreach (var message in batch)
        {
            IntentsInferred? inferred;
            try
            {
                inferred = message.Message.Value is null ? null : JsonSerializer.Deserialize(message.Message.Value, StreamingJsonContext.Default.IntentsInferred);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                inferred = null;
            }

            if (inferred is not { SessionId: not null, Provider: not null, PromptVersion: not null, ExplicitTitles: not null, LatentTitles: not null })
            {
                metrics.InvalidIntents(Malformed);
                continue;
            }

            if (!string.Equals(message.Message.Key, inferred.SessionId, StringComparison.Ordinal))
            {
                metrics.InvalidIntents(ClicksBatchHandler.KeyMismatch);
                continue;
            }

            var record = new LoggedIntents(
                inferred.SessionId, inferred.SessionVersion, inferred.ClickTime, inferred.Provider, inferred.PromptVersion, inferred.ExplicitTitles, inferred.LatentTitles);
            if (log.TryAppend(message.Topic, message.Partition.Value, message.Offset.Value, record))
            {
                added++;
            }
        }

        metrics.IntentsRead(added);
        return ValueTask.CompletedTask;
    }
}
