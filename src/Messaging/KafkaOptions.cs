using Confluent.Kafka;

namespace Streaming.Messaging;

/// <summary>Kafka settings shared by the producer and every consume loop of a process (section <c>Kafka</c>).</summary>
public sealed class KafkaOptions
{
    public const string SectionName = "Kafka";

    /// <summary>Comma-separated <c>host:port</c> list. Required.</summary>
    public string? BootstrapServers { get; set; }

    public string ClientId { get; set; } = "streaming";

    /// <summary><c>consumer</c> (KIP-848, default: fast rebalances) or <c>classic</c>.</summary>
    public string GroupProtocol { get; set; } = "consumer";

    public CompressionType Compression { get; set; } = CompressionType.Lz4;

    /// <summary>How long the producer waits to fill a batch.</summary>
    public double LingerMs { get; set; } = 5;

    /// <summary>
    /// How long a fetch may wait at the broker for data (librdkafka's <c>fetch.wait.max.ms</c>, default 500 there). The
    /// mock cluster answers a fetch only when this wait ends, not when data arrives, so librdkafka's default adds up to
    /// half a second to every hop; 10 ms keeps the hop near the floor at the price of more fetch requests while idle.
    /// A <c>Kafka:Settings:fetch.wait.max.ms</c> given by the user wins.
    /// </summary>
    public int FetchWaitMaxMs { get; set; } = 10;

    /// <summary>How long a produced message may take to be delivered before it fails.</summary>
    public int DeliveryTimeoutMs { get; set; } = 30_000;

    /// <summary>Most messages handed to a handler at once.</summary>
    public int MaxBatchSize { get; set; } = 500;

    /// <summary>How long one poll waits for the first message of a batch (also the stop latency when idle).</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    public AutoOffsetReset AutoOffsetReset { get; set; } = AutoOffsetReset.Earliest;

    /// <summary>Stored (handled) offsets are committed this often, and on close.</summary>
    public int AutoCommitIntervalMs { get; set; } = 1_000;

    /// <summary>A handler busier than this loses its partitions (they are re-delivered elsewhere).</summary>
    public int MaxPollIntervalMs { get; set; } = 300_000;

    /// <summary>First retry delay; doubles per attempt up to <see cref="RetryMaxBackoff"/>.</summary>
    public TimeSpan RetryInitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan RetryMaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>On stop, how long the batch in flight may still run before its handler is cancelled.</summary>
    public TimeSpan ShutdownDrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the consumer lag gauge is refreshed from the cached watermarks.</summary>
    public TimeSpan LagRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Extra librdkafka properties for every client (security, tuning), e.g. <c>Kafka__Settings__security.protocol</c>.</summary>
    public Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal);
}
