using System.Globalization;
using Confluent.Kafka;

namespace Streaming.Messaging;

/// <summary>
/// librdkafka's built-in mock cluster: N brokers serving the real Kafka protocol on <c>127.0.0.1</c>, alive as long
/// as this object. Any client, in this process or another, connects with <see cref="BootstrapServers"/>. Topics
/// auto-create with 4 partitions; <see cref="CreateTopic"/> makes one with the partition count you want. Limits:
/// no transaction isolation, about 5 MiB kept per partition (older data silently dropped), no admin topic API.
/// </summary>
public sealed class EmbeddedKafka : IAsyncDisposable, IDisposable
{
    private readonly IProducer<Null, Null> _host;
    private readonly LibrdkafkaExports _api;
    private int _disposed;

    private EmbeddedKafka(IProducer<Null, Null> host, string bootstrapServers, int brokers)
    {
        _host = host;
        BootstrapServers = bootstrapServers;
        Brokers = brokers;
        _api = LibrdkafkaExports.Bind();
    }

    /// <summary>Comma-separated broker addresses, for <c>Kafka:BootstrapServers</c>.</summary>
    public string BootstrapServers { get; }

    public int Brokers { get; }

    /// <summary>Starts a mock cluster of <paramref name="brokers"/> brokers with the default <see cref="EmbeddedKafkaOptions"/>.</summary>
    public static EmbeddedKafka Start(int brokers = 1) => Start(new EmbeddedKafkaOptions { Brokers = brokers });

    /// <summary>Starts a mock cluster and waits until its metadata answers.</summary>
    public static EmbeddedKafka Start(EmbeddedKafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Brokers, 1);
        var config = new ProducerConfig { ClientId = "embedded-kafka" };
        config.Set("test.mock.num.brokers", options.Brokers.ToString(CultureInfo.InvariantCulture));
        var host = new ProducerBuilder<Null, Null>(config).SetLogHandler(static (_, _) => { }).Build();
        try
        {
            using var admin = new DependentAdminClientBuilder(host.Handle).Build();
            var metadata = admin.GetMetadata(options.StartTimeout);
            if (metadata.Brokers.Count != options.Brokers)
            {
                throw new InvalidOperationException($"The mock cluster reported {metadata.Brokers.Count} brokers, expected {options.Brokers}.");
            }

            var servers = string.Join(',', metadata.Brokers.OrderBy(b => b.BrokerId).Select(b => $"{b.Host}:{b.Port}"));
            var cluster = new EmbeddedKafka(host, servers, options.Brokers);
            cluster._api.SetGroupTimings(host.Handle, options.GroupHeartbeatInterval, options.GroupSessionTimeout);
            return cluster;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Creates <paramref name="topic"/> with exactly <paramref name="partitions"/> partitions (the admin API is not supported by the mock).</summary>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicationFactor, Brokers);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var error = _api.CreateTopic(_host.Handle, topic, partitions, replicationFactor);
        if (error != ErrorCode.NoError)
        {
            throw new KafkaException(new Error(error, $"Creating topic '{topic}' on the mock cluster failed: {error}"));
        }
    }

    /// <summary>
    /// Deletes a partition's messages before <paramref name="beforeOffset"/>, as retention does (the mock keeps about
    /// 5 MiB or 100,000 message sets per partition and drops the oldest; this simulates it on demand).
    /// </summary>
    public void DeleteRecords(string topic, int partition, long beforeOffset)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var error = _api.DeleteRecords(_host.Handle, topic, partition, beforeOffset);
        if (error != ErrorCode.NoError)
        {
            throw new KafkaException(new Error(error, $"Deleting records of '{topic}'[{partition}] before {beforeOffset} failed: {error}"));
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _host.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
