using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Streaming.Messaging;

/// <summary>librdkafka functions Confluent.Kafka does not wrap: the mock cluster's and the fatal-error test hook.</summary>
internal sealed unsafe class LibrdkafkaExports
{
    private readonly delegate* unmanaged[Cdecl]<nint, nint> _handleMockCluster;
    private readonly delegate* unmanaged[Cdecl]<nint, byte*, int, int, int> _mockTopicCreate;
    private readonly delegate* unmanaged[Cdecl]<nint, int, void> _setHeartbeatInterval;
    private readonly delegate* unmanaged[Cdecl]<nint, int, void> _setSessionTimeout;
    private readonly delegate* unmanaged[Cdecl]<nint, int, byte*, int> _testFatalError;
    private readonly delegate* unmanaged[Cdecl]<nint, byte*, int, long, int> _mockDeleteRecords;

    private LibrdkafkaExports(nint library)
    {
        _handleMockCluster = (delegate* unmanaged[Cdecl]<nint, nint>)NativeLibrary.GetExport(library, "rd_kafka_handle_mock_cluster");
        _mockTopicCreate = (delegate* unmanaged[Cdecl]<nint, byte*, int, int, int>)NativeLibrary.GetExport(library, "rd_kafka_mock_topic_create");
        _setHeartbeatInterval = (delegate* unmanaged[Cdecl]<nint, int, void>)NativeLibrary.GetExport(library, "rd_kafka_mock_set_group_consumer_heartbeat_interval_ms");
        _setSessionTimeout = (delegate* unmanaged[Cdecl]<nint, int, void>)NativeLibrary.GetExport(library, "rd_kafka_mock_set_group_consumer_session_timeout_ms");
        _testFatalError = (delegate* unmanaged[Cdecl]<nint, int, byte*, int>)NativeLibrary.GetExport(library, "rd_kafka_test_fatal_error");
        _mockDeleteRecords = (delegate* unmanaged[Cdecl]<nint, byte*, int, long, int>)NativeLibrary.GetExport(library, "rd_kafka_mock_partition_delete_records");
    }

    /// <summary>
    /// Binds to the librdkafka Confluent.Kafka actually loaded: its file name varies by platform (on Debian 12 it is
    /// <c>centos8-librdkafka.so</c>), so a plain DllImport of "librdkafka" could load a second, different copy.
    /// </summary>
    public static LibrdkafkaExports Bind() => Bound.Value;

    // Bound once per process (the loaded library does not change); a failure before any client exists is not cached.
    private static readonly Lazy<LibrdkafkaExports> Bound = new(BindLoaded, LazyThreadSafetyMode.PublicationOnly);

    private static LibrdkafkaExports BindLoaded()
    {
        using var process = Process.GetCurrentProcess();
        var path = process.Modules.Cast<ProcessModule>()
            .Select(m => m.FileName)
            .FirstOrDefault(f => Path.GetFileName(f).Contains("librdkafka", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException("librdkafka is not loaded in this process; create a Kafka client first.");
        // Loading an already-loaded file returns the same module (reference counted).
        return new LibrdkafkaExports(NativeLibrary.Load(path));
    }

    public ErrorCode CreateTopic(Handle handle, string topic, int partitions, int replicationFactor) =>
        WithUtf8(topic, name => (ErrorCode)WithCluster(handle, cluster => _mockTopicCreate(cluster, (byte*)name, partitions, replicationFactor)));

    public ErrorCode DeleteRecords(Handle handle, string topic, int partition, long beforeOffset) =>
        WithUtf8(topic, name => (ErrorCode)WithCluster(handle, cluster => _mockDeleteRecords(cluster, (byte*)name, partition, beforeOffset)));

    public void SetGroupTimings(Handle handle, TimeSpan heartbeatInterval, TimeSpan sessionTimeout) =>
        WithCluster(handle, cluster =>
        {
            _setHeartbeatInterval(cluster, (int)heartbeatInterval.TotalMilliseconds);
            _setSessionTimeout(cluster, (int)sessionTimeout.TotalMilliseconds);
            return 0;
        });

    /// <summary>Raises a fatal error on a client, as a broker could (librdkafka's test hook).</summary>
    public ErrorCode TriggerFatalError(Handle handle, ErrorCode code, string reason) =>
        WithUtf8(reason, text => (ErrorCode)WithClient(handle, client => _testFatalError(client, (int)code, (byte*)text)));

    private static T WithUtf8<T>(string text, Func<nint, T> action)
    {
        var utf8 = Marshal.StringToCoTaskMemUTF8(text);
        try
        {
            return action(utf8);
        }
        finally
        {
            Marshal.FreeCoTaskMem(utf8);
        }
    }

    private int WithCluster(Handle handle, Func<nint, int> action) =>
        WithClient(handle, client =>
        {
            var cluster = _handleMockCluster(client);
            if (cluster == 0)
            {
                throw new InvalidOperationException("The client is not a mock cluster host.");
            }

            return action(cluster);
        });

    private static int WithClient(Handle handle, Func<nint, int> action)
    {
        var safeHandle = RawHandle(handle);
        var added = false;
        try
        {
            // Keeps the client alive while native code uses its pointer.
            safeHandle.DangerousAddRef(ref added);
            return action(safeHandle.DangerousGetHandle());
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
