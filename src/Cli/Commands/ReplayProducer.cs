using Confluent.Kafka;

namespace Streaming.Cli.Commands;

/// <summary>
/// The Kafka producer replay uses. Kept to one small method so it can be swapped for the shared
/// Messaging producer: idempotent (no duplicates on retries), lz4-compressed, with large batches and
/// a short linger for throughput; keys partition with murmur2 like the Java client, so one session
/// always lands on one partition whichever client produced it.
/// </summary>
internal static class ReplayProducer
{
    /// <param name="bootstrapServers">Kafka bootstrap servers.</param>
    /// <param name="configure">Optional adjustments (tests shorten timeouts with it).</param>
    public static IProducer<string, byte[]> Create(string bootstrapServers, Action<ProducerConfig>? configure = null)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            ClientId = "streaming-replay",
            EnableIdempotence = true,
            Acks = Acks.All,
            CompressionType = CompressionType.Lz4,
            LingerMs = 5,
            BatchSize = 1_000_000,
            BatchNumMessages = 10_000,
            QueueBufferingMaxMessages = 500_000,
            QueueBufferingMaxKbytes = 512 * 1024,
            Partitioner = Partitioner.Murmur2Random,
            MessageTimeoutMs = 60_000,
        };
        configure?.Invoke(config);
        return new ProducerBuilder<string, byte[]>(config).Build();
    }
}
