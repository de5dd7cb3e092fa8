using Streaming.Core.Contracts;
using Streaming.Messaging;
using Streaming.State;

namespace Streaming.Cli;

/// <summary>
/// The embedded default infrastructure: librdkafka's mock Kafka cluster with the standard topics, and Garnet
/// in-process. Both serve real protocols on loopback, so workers in other processes can use them too.
/// </summary>
internal sealed class EmbeddedStack : IAsyncDisposable
{
    private EmbeddedStack(EmbeddedKafka kafka, EmbeddedRedis redis)
    {
        Kafka = kafka;
        Redis = redis;
    }

    public EmbeddedKafka Kafka { get; }

    public EmbeddedRedis Redis { get; }

    /// <summary>The settings a worker needs to use this stack.</summary>
    public IReadOnlyDictionary<string, string?> WorkerSettings => new Dictionary<string, string?>
    {
        ["Kafka:BootstrapServers"] = Kafka.BootstrapServers,
        ["Redis:Configuration"] = Redis.Endpoint,
        // The mock broker answers a fetch only when its wait expires, not when data arrives (a real broker answers
        // at once), so a short wait keeps consumer latency low; it costs idle polling only.
        ["Kafka:Settings:fetch.wait.max.ms"] = "10",
    };

    public static EmbeddedStack Start(int brokers, int partitions, int redisPort, string? persistDirectory)
    {
        var kafka = EmbeddedKafka.Start(brokers);
        try
        {
            foreach (var topic in Topics.StandardWithDeadLetters())
            {
                kafka.CreateTopic(topic, partitions);
            }

            return new EmbeddedStack(kafka, EmbeddedRedis.Start(redisPort, persistDirectory));
        }
        catch
        {
            kafka.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Redis.Dispose();
        await Kafka.DisposeAsync();
    }
}
