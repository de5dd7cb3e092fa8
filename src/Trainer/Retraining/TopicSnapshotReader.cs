using Confluent.Kafka;
using Streaming.Messaging;

namespace Streaming.Trainer.Retraining;

/// <summary>
/// Reads a topic from its earliest retained offsets up to the end it had when reading started, in batches, through a
/// worker's batch handler (the same parsing and validation as the consume loop). For one offline round from the topics.
/// </summary>
public static class TopicSnapshotReader
{
    private const int BatchSize = 500;

    /// <summary>Messages read; throws <see cref="TimeoutException"/> when no message arrives for <paramref name="idle"/> before the end.</summary>
    public static async Task<long> ReadToEndAsync(string bootstrapServers, string topic, IMessageBatchHandler handler, TimeSpan idle, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bootstrapServers);
        ArgumentNullException.ThrowIfNull(handler);
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "streaming-trainer-snapshot",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
        };
        using var consumer = new ConsumerBuilder<string?, byte[]>(config).SetLogHandler(static (_, _) => { }).Build();
        var remaining = new Dictionary<int, long>();
        using (var admin = new DependentAdminClientBuilder(consumer.Handle).Build())
        {
            var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single();
            if (metadata.Error.IsError)
            {
                throw new InvalidOperationException($"topic '{topic}': {metadata.Error.Reason}");
            }

            foreach (var partition in metadata.Partitions)
            {
                var marks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition.PartitionId), TimeSpan.FromSeconds(10));
                if (marks.High.Value > marks.Low.Value)
                {
                    remaining[partition.PartitionId] = marks.High.Value;
                }
            }

            consumer.Assign(remaining.Keys.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        }

        var read = 0L;
        var batch = new List<ConsumeResult<string?, byte[]>>(BatchSize);
        while (remaining.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = consumer.Consume(idle) ?? throw new TimeoutException($"No message from '{topic}' for {idle.TotalSeconds:F0} s before its end.");
            if (result.Message is null)
            {
                continue;
            }

            batch.Add(result);
            read++;
            if (remaining.TryGetValue(result.Partition.Value, out var end) && result.Offset.Value + 1 >= end)
            {
                remaining.Remove(result.Partition.Value);
            }

            if (batch.Count == BatchSize || remaining.Count == 0)
            {
                await handler.HandleAsync(batch, cancellationToken);
                batch.Clear();
            }
        }

        consumer.Close();
        return read;
    }
}
