using Confluent.Kafka;

namespace Streaming.Messaging;

/// <summary>Turns <see cref="KafkaOptions"/> into librdkafka client configurations, in one place.</summary>
internal static class KafkaClientConfigs
{
    public static ProducerConfig Producer(KafkaOptions options)
    {
        var config = new ProducerConfig(Common(options))
        {
            EnableIdempotence = true,
            Acks = Acks.All,
            CompressionType = options.Compression,
            LingerMs = options.LingerMs,
            MessageTimeoutMs = options.DeliveryTimeoutMs,
            // Same key -> same partition as the Java client, so producers in any language agree on session placement.
            Partitioner = Partitioner.Murmur2Random,
        };
        return config;
    }

    public static ConsumerConfig Consumer(KafkaOptions options, string groupId)
    {
        var config = new ConsumerConfig(Common(options))
        {
            GroupId = groupId,
            // At-least-once: the loop stores an offset only after the handler succeeded; auto commit commits only stored offsets.
            EnableAutoOffsetStore = false,
            EnableAutoCommit = true,
            AutoCommitIntervalMs = options.AutoCommitIntervalMs,
            AutoOffsetReset = options.AutoOffsetReset,
            MaxPollIntervalMs = options.MaxPollIntervalMs,
            EnablePartitionEof = false,
        };
        if (!options.Settings.ContainsKey("fetch.wait.max.ms"))
        {
            config.FetchWaitMaxMs = options.FetchWaitMaxMs;
        }

        if (options.GroupProtocol == "classic")
        {
            config.GroupProtocol = Confluent.Kafka.GroupProtocol.Classic;
            config.PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky;
        }
        else
        {
            // KIP-848: the broker assigns; client-side session/heartbeat/assignor settings are not allowed.
            config.GroupProtocol = Confluent.Kafka.GroupProtocol.Consumer;
        }

        return config;
    }

    private static Dictionary<string, string> Common(KafkaOptions options)
    {
        var settings = new Dictionary<string, string>(options.Settings, StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = options.BootstrapServers ?? string.Empty,
            ["client.id"] = options.ClientId,
        };
        return settings;
    }
}
