using Confluent.Kafka;

namespace Streaming.Testing;

/// <summary>Reads a topic from the beginning of every partition without a consumer group (no rebalance to wait for).</summary>
public static class KafkaTopicReader
{
    /// <summary>
    /// Reads until <paramref name="count"/> messages arrived or <paramref name="timeout"/> passed, and returns what
    /// arrived (fewer on timeout, so the caller's assertion shows what was missing).
    /// </summary>
    public static async Task<IReadOnlyList<ConsumeResult<string?, byte[]>>> ReadAsync(
        string bootstrapServers,
        string topic,
        int count,
        TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        // The blocking client runs on a pool thread so the test's thread stays free.
        return await Task.Run(() => Read(bootstrapServers, topic, count, timeout, cancellationToken), cancellationToken);
    }

    private static List<ConsumeResult<string?, byte[]>> Read(string bootstrapServers, string topic, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = KafkaTopicNames.Unique("reader"),
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
        };
        using var consumer = new ConsumerBuilder<string?, byte[]>(config).SetLogHandler(static (_, _) => { }).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var deadline = DateTime.UtcNow + timeout;
        var results = new List<ConsumeResult<string?, byte[]>>(count);
        // A topic its first producer has not created yet (a dead-letter topic, say) is waited for, not read as empty.
        List<PartitionMetadata> partitions;
        while ((partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions).Count == 0)
        {
            if (DateTime.UtcNow >= deadline || cancellationToken.IsCancellationRequested)
            {
                return results;
            }

            Thread.Sleep(100);
        }

        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(topic, p.PartitionId, Offset.Beginning)));
        while (results.Count < count && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } result)
            {
                results.Add(result);
            }
        }

        consumer.Close();
        return results;
    }
}
