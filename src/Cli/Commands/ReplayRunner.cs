using System.Diagnostics;
using Confluent.Kafka;
using Streaming.Core.Contracts;

namespace Streaming.Cli.Commands;

/// <summary>
/// Produces clicks to a topic in the order given, keyed by session id, paced by event time when a
/// speed factor is set. Fails on the first delivery error; returns only when every event is acknowledged.
/// </summary>
internal static class ReplayRunner
{
    private const int ProgressEvery = 1024;

    public static async Task<ReplayResult> RunAsync(
        IProducer<string, byte[]> producer,
        string topic,
        IEnumerable<ClickEvent> events,
        ReplaySpeed speed,
        Action<long>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(producer);
        ArgumentNullException.ThrowIfNull(events);
        var sessions = new HashSet<string>(StringComparer.Ordinal);
        var items = new HashSet<string>(StringComparer.Ordinal);
        long produced = 0;
        long delivered = 0;
        Error? failure = null;
        Action<DeliveryReport<string, byte[]>> onDelivery = report =>
        {
            if (report.Error.IsError)
            {
                Interlocked.CompareExchange(ref failure, report.Error, null);
            }
            else
            {
                Interlocked.Increment(ref delivered);
            }
        };

        var clock = Stopwatch.StartNew();
        DateTimeOffset? firstEventTime = null;
        foreach (var click in events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Volatile.Read(ref failure) is { } error)
            {
                throw new KafkaException(error);
            }

            if (speed.Factor is { } factor)
            {
                firstEventTime ??= click.Timestamp;
                await WaitUntilAsync(clock, TimeSpan.FromTicks((long)((click.Timestamp - firstEventTime.Value).Ticks / factor)), cancellationToken);
            }
            else if (speed.EventsPerSecond is { } rate)
            {
                await WaitUntilAsync(clock, TimeSpan.FromSeconds(produced / rate), cancellationToken);
            }

            var message = new Message<string, byte[]> { Key = click.SessionId, Value = ClickEventWriter.Write(click) };
            while (true)
            {
                try
                {
                    producer.Produce(topic, message, onDelivery);
                    break;
                }
                catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    // Back-pressure: let librdkafka drain, then retry the same message.
                    producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }

            produced++;
            sessions.Add(click.SessionId);
            items.Add(click.ItemId);
            if (produced % ProgressEvery == 0)
            {
                progress?.Invoke(produced);
            }
        }

        while (producer.Flush(TimeSpan.FromMilliseconds(200)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Invoke(produced);
        }

        clock.Stop();
        progress?.Invoke(produced);
        if (Volatile.Read(ref failure) is { } lastError)
        {
            throw new KafkaException(lastError);
        }

        if (Interlocked.Read(ref delivered) != produced)
        {
            throw new InvalidOperationException($"only {delivered} of {produced} events were acknowledged");
        }

        return new ReplayResult(produced, sessions.Count, items.Count, clock.Elapsed);
    }

    private static async Task WaitUntilAsync(Stopwatch clock, TimeSpan due, CancellationToken cancellationToken)
    {
        var wait = due - clock.Elapsed;
        if (wait > TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(wait, cancellationToken);
        }
    }
}
