using Streaming.Messaging;

namespace Streaming.Testing;

/// <summary>
/// One embedded Kafka (librdkafka mock cluster, 3 brokers) shared by the tests of an assembly or collection:
/// use <c>[assembly: AssemblyFixture(typeof(KafkaFixture))]</c> or a collection fixture, and a fresh topic per test.
/// </summary>
public sealed class KafkaFixture : IAsyncLifetime
{
    private EmbeddedKafka? _cluster;

    public EmbeddedKafka Cluster => _cluster ?? throw new InvalidOperationException("The fixture is not initialised.");

    public string BootstrapServers => Cluster.BootstrapServers;

    /// <summary>A new topic named after <paramref name="prefix"/>, unique to the caller, with the given partition count.</summary>
    public string CreateTopic(string prefix, int partitions = 1)
    {
        var topic = KafkaTopicNames.Unique(prefix);
        Cluster.CreateTopic(topic, partitions);
        return topic;
    }

    public ValueTask InitializeAsync()
    {
        _cluster = EmbeddedKafka.Start(brokers: 3);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
