using Confluent.Kafka;

namespace Streaming.Cli.Commands;

/// <summary>
/// An in-process librdkafka mock cluster (real Kafka protocol over TCP on loopback) for the replay
/// benchmark and tests. The brokers live as long as this object. To be replaced by the shared
/// embedded Kafka host from Messaging when it lands.
/// </summary>
internal sealed class ReplayMockCluster : IDisposable
{
    private readonly IProducer<Null, Null> _host;

    public ReplayMockCluster(int brokers = 1)
    {
        var config = new ProducerConfig { ClientId = "streaming-mock-cluster" };
        config.Set("test.mock.num.brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _host = new ProducerBuilder<Null, Null>(config).Build();
        try
        {
            using var admin = new DependentAdminClientBuilder(_host.Handle).Build();
            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
            BootstrapServers = string.Join(",", metadata.Brokers.Select(b => $"{b.Host}:{b.Port}"));
        }
        catch
        {
            _host.Dispose();
            throw;
        }
    }

    /// <summary>The brokers' addresses, for any client in or out of this process.</summary>
    public string BootstrapServers { get; }

    public void Dispose() => _host.Dispose();
}
