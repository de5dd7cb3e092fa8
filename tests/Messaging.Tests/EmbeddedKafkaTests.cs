using Confluent.Kafka;
using Streaming.Testing;

namespace Streaming.Messaging.Tests;

public sealed class EmbeddedKafkaTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Starts_and_reports_every_broker_address()
    {
        // How fast it starts is a figure for the platform notes, not a test: a loaded machine may take any time.
        await using var cluster = EmbeddedKafka.Start(brokers: 2);

        var servers = cluster.BootstrapServers.Split(',');
        Assert.Equal(2, servers.Length);
        Assert.All(servers, s => Assert.StartsWith("127.0.0.1:", s, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void Creates_topics_with_the_asked_partition_count(int partitions)
    {
        var topic = kafka.CreateTopic("partitions", partitions);

        // A separate client that knows only the bootstrap servers sees the partitions through metadata.
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single();
        Assert.Equal(ErrorCode.NoError, metadata.Error.Code);
        Assert.Equal(partitions, metadata.Partitions.Count);
    }

    [Fact]
    public void Creating_an_existing_topic_fails_with_the_broker_error()
    {
        var topic = kafka.CreateTopic("twice", 2);

        var error = Assert.Throws<KafkaException>(() => kafka.Cluster.CreateTopic(topic, 2));
        Assert.Equal(ErrorCode.TopicAlreadyExists, error.Error.Code);
    }

    [Fact]
    public async Task Disposed_cluster_stops_serving()
    {
        var cluster = EmbeddedKafka.Start();
        var servers = cluster.BootstrapServers;
        await cluster.DisposeAsync();

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = servers }).SetLogHandler(static (_, _) => { }).Build();
        Assert.ThrowsAny<KafkaException>(() => admin.GetMetadata(TimeSpan.FromSeconds(1)));
        Assert.Throws<ObjectDisposedException>(() => cluster.CreateTopic("after-dispose", 1));
    }
}
