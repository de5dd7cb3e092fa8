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
