using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
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
    private readonly MockClusterApi _api;
    private int _disposed;

    private EmbeddedKafka(IProducer<Null, Null> host, string bootstrapServers, int brokers)
    {
        _host = host;
        BootstrapServers = bootstrapServers;
        Brokers = brokers;
        _api = MockClusterApi.Bind();
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

    /// <summary>The two mock-cluster functions librdkafka exports but Confluent.Kafka does not wrap.</summary>
    private sealed unsafe class MockClusterApi
    {
        private readonly delegate* unmanaged[Cdecl]<nint, nint> _handleMockCluster;
        private readonly delegate* unmanaged[Cdecl]<nint, byte*, int, int, int> _mockTopicCreate;
        private readonly delegate* unmanaged[Cdecl]<nint, int, void> _setHeartbeatInterval;
        private readonly delegate* unmanaged[Cdecl]<nint, int, void> _setSessionTimeout;

        private MockClusterApi(nint library)
        {
            _handleMockCluster = (delegate* unmanaged[Cdecl]<nint, nint>)NativeLibrary.GetExport(library, "rd_kafka_handle_mock_cluster");
            _mockTopicCreate = (delegate* unmanaged[Cdecl]<nint, byte*, int, int, int>)NativeLibrary.GetExport(library, "rd_kafka_mock_topic_create");
            _setHeartbeatInterval = (delegate* unmanaged[Cdecl]<nint, int, void>)NativeLibrary.GetExport(library, "rd_kafka_mock_set_group_consumer_heartbeat_interval_ms");
            _setSessionTimeout = (delegate* unmanaged[Cdecl]<nint, int, void>)NativeLibrary.GetExport(library, "rd_kafka_mock_set_group_consumer_session_timeout_ms");
        }

        /// <summary>
        /// Binds to the librdkafka Confluent.Kafka actually loaded: its file name varies by platform (on Debian 12 it is
        /// <c>centos8-librdkafka.so</c>), so a plain DllImport of "librdkafka" could load a second, different copy.
        /// </summary>
        public static MockClusterApi Bind()
        {
            using var process = Process.GetCurrentProcess();
            var path = process.Modules.Cast<ProcessModule>()
                .Select(m => m.FileName)
                .FirstOrDefault(f => Path.GetFileName(f).Contains("librdkafka", StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException("librdkafka is not loaded in this process; create a Kafka client first.");
            // Loading an already-loaded file returns the same module (reference counted).
            return new MockClusterApi(NativeLibrary.Load(path));
        }

        public ErrorCode CreateTopic(Handle handle, string topic, int partitions, int replicationFactor)
        {
            var name = Marshal.StringToCoTaskMemUTF8(topic);
            try
            {
                return (ErrorCode)WithCluster(handle, cluster => _mockTopicCreate(cluster, (byte*)name, partitions, replicationFactor));
            }
            finally
            {
                Marshal.FreeCoTaskMem(name);
            }
        }

        public void SetGroupTimings(Handle handle, TimeSpan heartbeatInterval, TimeSpan sessionTimeout) =>
            WithCluster(handle, cluster =>
            {
                _setHeartbeatInterval(cluster, (int)heartbeatInterval.TotalMilliseconds);
                _setSessionTimeout(cluster, (int)sessionTimeout.TotalMilliseconds);
                return 0;
            });

        private int WithCluster(Handle handle, Func<nint, int> action)
        {
            var safeHandle = RawHandle(handle);
            var added = false;
            try
            {
                // Keeps the client alive while native code uses its pointer.
                safeHandle.DangerousAddRef(ref added);
                var cluster = _handleMockCluster(safeHandle.DangerousGetHandle());
                if (cluster == 0)
                {
                    throw new InvalidOperationException("The client is not a mock cluster host.");
                }

                return action(cluster);
            }
            finally
            {
                if (added)
                {
                    safeHandle.DangerousRelease();
                }
            }
        }

        /// <summary>
        /// The rd_kafka_t* behind a client. Confluent.Kafka keeps it in the internal <c>Handle.LibrdkafkaHandle</c>
        /// (a SafeHandle) and offers no public accessor, so reflection is the only way to reach it.
        /// </summary>
        private static SafeHandle RawHandle(Handle handle)
        {
            var property = typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.Instance | BindingFlags.NonPublic)
                ?? throw new InvalidOperationException("Confluent.Kafka.Handle.LibrdkafkaHandle not found; the Confluent.Kafka version changed.");
            return property.GetValue(handle) as SafeHandle
                ?? throw new InvalidOperationException("Confluent.Kafka.Handle.LibrdkafkaHandle is not a SafeHandle.");
        }
    }
}
