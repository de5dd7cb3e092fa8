using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Streaming.Messaging;

/// <summary>
/// Keeps <see cref="MessagingMetrics"/>' consumer lag per assigned partition: the high watermark (cached by the
/// consumer, no round trip) minus the next offset to handle (the head of the batch in hand, else the consumer's
/// position, else, for a partition idle since its assignment, the committed offset). Refreshed at most every
/// <see cref="KafkaOptions.LagRefreshInterval"/>, and at once for a partition with no lag yet. Used only from the
/// thread that owns the consumer.
/// </summary>
internal sealed partial class ConsumerLagTracker(MessagingMetrics metrics, KafkaOptions options, ILogger logger, string group)
{
    private long _nextRefresh;

    public void Refresh(IConsumer<string?, byte[]> consumer, IReadOnlyCollection<TopicPartition> assigned, List<ConsumeResult<string?, byte[]>> batch)
    {
        var now = Stopwatch.GetTimestamp();
        var due = now >= _nextRefresh || batch.Exists(m => metrics.Lag(m.Topic, m.Partition.Value, group) is null);
        if (!due)
        {
            return;
        }

        _nextRefresh = now + (long)(options.LagRefreshInterval.TotalSeconds * Stopwatch.Frequency);
        var next = new Dictionary<TopicPartition, long>();
        foreach (var message in batch)
        {
            next.TryAdd(message.TopicPartition, message.Offset.Value);
        }

        var unknown = new List<(TopicPartition Partition, WatermarkOffsets Watermarks)>();
        foreach (var partition in assigned)
        {
            try
            {
                var watermarks = consumer.GetWatermarkOffsets(partition);
                if (watermarks.High == Offset.Unset)
                {
                    continue;
                }

                if (!next.TryGetValue(partition, out var position))
                {
                    var current = consumer.Position(partition);
                    if (current == Offset.Unset)
                    {
                        // Nothing consumed from it since the assignment: fall back to the committed offset below.
                        unknown.Add((partition, watermarks));
                        continue;
                    }

                    position = current.Value;
                }

                metrics.SetLag(partition.Topic, partition.Partition.Value, group, Math.Max(0, watermarks.High.Value - position));
            }
            catch (KafkaException ex)
            {
                Log.LagUnavailable(logger, partition.Topic, partition.Partition.Value, ex.Error.Reason);
            }
        }

        if (unknown.Count > 0)
        {
            RefreshFromCommitted(consumer, unknown);
        }
    }

    public void Forget(TopicPartition partition) => metrics.RemoveLag(partition.Topic, partition.Partition.Value, group);

    private void RefreshFromCommitted(IConsumer<string?, byte[]> consumer, List<(TopicPartition Partition, WatermarkOffsets Watermarks)> partitions)
    {
        try
        {
            // One round trip per refresh interval, only for partitions idle since their assignment.
            var committed = consumer.Committed(partitions.Select(p => p.Partition), TimeSpan.FromMilliseconds(500));
            foreach (var (partition, watermarks) in partitions)
            {
                var offset = committed.FirstOrDefault(c => c.TopicPartition == partition)?.Offset ?? Offset.Unset;
                var start = offset != Offset.Unset ? offset.Value
                    : options.AutoOffsetReset == AutoOffsetReset.Earliest ? watermarks.Low.Value
                    : watermarks.High.Value;
                metrics.SetLag(partition.Topic, partition.Partition.Value, group, Math.Max(0, watermarks.High.Value - start));
            }
        }
        catch (KafkaException ex)
        {
            Log.LagUnavailable(logger, partitions[0].Partition.Topic, partitions[0].Partition.Partition.Value, ex.Error.Reason);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1014, EventName = "LagUnavailable", Level = LogLevel.Debug,
            Message = "Lag of {Topic}[{Partition}] unavailable: {Reason}")]
        public static partial void LagUnavailable(ILogger logger, string topic, int partition, string reason);
    }
}
