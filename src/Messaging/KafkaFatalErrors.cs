using Confluent.Kafka;
using Microsoft.Extensions.Hosting;

namespace Streaming.Messaging;

/// <summary>
/// Where the consume loops and the producer report a fatal Kafka error: it is remembered and the application is
/// stopped (crash-only). The host, and only the host, turns <see cref="Occurred"/> into the process's exit code.
/// </summary>
public sealed class KafkaFatalErrors(IHostApplicationLifetime? lifetime = null)
{
    private int _count;

    /// <summary>Whether any client of this process had a fatal error.</summary>
    public bool Occurred => Volatile.Read(ref _count) > 0;

    /// <summary>The first fatal error, for the host's last words.</summary>
    public Error? First { get; private set; }

    internal void Report(Error error)
    {
        if (Interlocked.Increment(ref _count) == 1)
        {
            First = error;
        }

        lifetime?.StopApplication();
    }
}
