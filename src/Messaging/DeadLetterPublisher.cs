using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Streaming.Messaging;

/// <summary>
/// Sends a message the handler gave up on to <c>&lt;topic&gt;.dlq</c> with its original key, value and headers plus
/// the <see cref="DeadLetterHeaders"/>, and waits for the delivery (retrying with backoff) so that the consume loop
/// stores its offset only once the dead-letter topic has it.
/// </summary>
internal sealed partial class DeadLetterPublisher(
    EventProducer producer,
    MessagingMetrics metrics,
    ExponentialBackoff backoff,
    ILogger logger,
    string group)
{
    private const int MaxExceptionMessageLength = 1024;

    /// <summary>At most one log line per reason per this interval; the others are counted into the next line.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, (long WindowStart, long Suppressed)> _logged = new(StringComparer.Ordinal);

    /// <summary>False when the loop is stopping before the delivery was acknowledged (the offset must not be stored).</summary>
    public async Task<bool> PublishAsync(
        ConsumeResult<string?, byte[]> source,
        Exception failure,
        string reason,
        CancellationToken stopToken,
        CancellationToken drainToken)
    {
        var message = new Message<string?, byte[]> { Key = source.Message.Key, Value = source.Message.Value, Headers = Headers(source, failure, reason) };
        var dlqTopic = DeadLetterHeaders.TopicFor(source.Topic);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Like a handler, the DLQ delivery may still finish while draining.
                await producer.ProduceAsync(dlqTopic, message, drainToken);
                break;
            }
            catch (KafkaException ex) when (!ex.Error.IsFatal)
            {
                Log.DeadLetterFailed(logger, ex, dlqTopic, attempt);
                if (!await Delays.TryDelayAsync(backoff.Delay(attempt), stopToken))
                {
                    return false;
                }
            }
            catch (OperationCanceledException) when (drainToken.IsCancellationRequested)
            {
                return false;
            }
        }

        metrics.DeadLettered(source.Topic, group, reason);
        LogRateLimited(source, failure, reason, dlqTopic);
        return true;
    }

    // No stack trace and at most one line per reason per LogInterval: a flood of bad input must not flood the log.
    private void LogRateLimited(ConsumeResult<string?, byte[]> source, Exception failure, string reason, string dlqTopic)
    {
        long suppressed;
        lock (_logged)
        {
            var now = Stopwatch.GetTimestamp();
            if (_logged.TryGetValue(reason, out var window) && Stopwatch.GetElapsedTime(window.WindowStart, now) < LogInterval)
            {
                _logged[reason] = (window.WindowStart, window.Suppressed + 1);
                return;
            }

            suppressed = window.Suppressed;
            _logged[reason] = (now, 0);
        }

        Log.DeadLettered(logger, source.Topic, source.Partition.Value, source.Offset.Value, reason, dlqTopic, failure.GetType().Name, failure.Message, suppressed);
    }

    private Headers Headers(ConsumeResult<string?, byte[]> source, Exception failure, string reason)
    {
        var headers = new Headers();
        if (source.Message.Headers is { } original)
        {
            foreach (var header in original)
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        var text = failure.Message.Length <= MaxExceptionMessageLength ? failure.Message : failure.Message[..MaxExceptionMessageLength];
        MessageHeaders.SetString(headers, DeadLetterHeaders.Reason, reason);
        MessageHeaders.SetString(headers, DeadLetterHeaders.ExceptionType, failure.GetType().FullName ?? failure.GetType().Name);
        MessageHeaders.SetString(headers, DeadLetterHeaders.ExceptionMessage, text);
        MessageHeaders.SetString(headers, DeadLetterHeaders.SourceTopic, source.Topic);
        MessageHeaders.SetString(headers, DeadLetterHeaders.SourcePartition, source.Partition.Value.ToString(CultureInfo.InvariantCulture));
        MessageHeaders.SetString(headers, DeadLetterHeaders.SourceOffset, source.Offset.Value.ToString(CultureInfo.InvariantCulture));
        MessageHeaders.SetString(headers, DeadLetterHeaders.ConsumerGroup, group);
        MessageHeaders.SetString(headers, DeadLetterHeaders.Time, DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        return headers;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1005, EventName = "DeadLettered", Level = LogLevel.Warning,
            Message = "Dead-lettered {Topic}[{Partition}]@{Offset} ({Reason}) to {DeadLetterTopic}: {ExceptionType}: {ExceptionMessage}; {Suppressed} more as {Reason} since the previous line")]
        public static partial void DeadLettered(ILogger logger, string topic, int partition, long offset, string reason, string deadLetterTopic, string exceptionType, string exceptionMessage, long suppressed);

        [LoggerMessage(EventId = 1006, EventName = "DeadLetterFailed", Level = LogLevel.Warning,
            Message = "Producing to {DeadLetterTopic} failed (attempt {Attempt}); retrying")]
        public static partial void DeadLetterFailed(ILogger logger, Exception exception, string deadLetterTopic, int attempt);
    }
}
