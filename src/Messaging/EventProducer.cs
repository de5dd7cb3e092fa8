using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Streaming.Messaging;

/// <summary>
/// The one Kafka producer of a process (idempotent, compressed). <see cref="ProduceAsync(string, Message{string?, byte[]}, CancellationToken)"/>
/// throws when delivery fails; <see cref="Produce"/> is fire-and-forget with failures counted and logged, and
/// <see cref="FlushAsync"/> awaits them. A <c>traceparent</c> header is added when the message has none.
/// </summary>
public sealed partial class EventProducer : IDisposable
{
    private readonly Lazy<IProducer<string?, byte[]>> _producer;
    private readonly MessagingMetrics _metrics;
    private readonly ILogger<EventProducer> _logger;
    private readonly KafkaFatalErrors? _fatalErrors;
    private readonly Action<DeliveryReport<string?, byte[]>> _onDelivery;
    private long _deliveryFailures;
    private long _failuresAtLastFlush;

    public EventProducer(
        IOptions<KafkaOptions> options,
        MessagingMetrics metrics,
        ILogger<EventProducer> logger,
        KafkaFatalErrors? fatalErrors = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _metrics = metrics;
        _logger = logger;
        _fatalErrors = fatalErrors;
        _onDelivery = OnDelivery;
        // Built on first use: a host may start an embedded cluster before anything produces.
        _producer = new Lazy<IProducer<string?, byte[]>>(() => new ProducerBuilder<string?, byte[]>(KafkaClientConfigs.Producer(options.Value))
            .SetErrorHandler(OnError)
            .SetLogHandler((_, m) => Log.Librdkafka(_logger, m.Level, m.Facility, m.Message))
            .Build());
    }

    /// <summary>Fire-and-forget deliveries that failed since the process started.</summary>
    public long DeliveryFailures => Interlocked.Read(ref _deliveryFailures);

    /// <summary>The librdkafka handle, to build dependent clients (e.g. an admin client) that share this connection.</summary>
    public Handle Handle => _producer.Value.Handle;

    /// <summary>Produces and waits for the broker's acknowledgement; throws <see cref="ProduceException{TKey, TValue}"/> on failure.</summary>
    public async Task<DeliveryResult<string?, byte[]>> ProduceAsync(string topic, Message<string?, byte[]> message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var activity = StartPublish(topic, message);
        try
        {
            var result = await _producer.Value.ProduceAsync(topic, message, cancellationToken);
            _metrics.Produced(topic);
            return result;
        }
        catch (ProduceException<string?, byte[]> ex)
        {
            _metrics.ProduceFailed(topic);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Error.Reason);
            throw;
        }
    }

    public Task<DeliveryResult<string?, byte[]>> ProduceAsync(string topic, string? key, byte[] value, Headers? headers, CancellationToken cancellationToken) =>
        ProduceAsync(topic, new Message<string?, byte[]> { Key = key, Value = value, Headers = headers }, cancellationToken);

    /// <summary>
    /// Serializes <paramref name="event"/> with its source-generated <paramref name="typeInfo"/> and produces it to
    /// <paramref name="topic"/> under <paramref name="key"/>, with the causation headers of the consumed message it
    /// answers (<see cref="MessageHeaders.CausedBy"/>: its click time and trace) and, when given, a new click time.
    /// Waits for the broker's acknowledgement; throws <see cref="ProduceException{TKey, TValue}"/> on failure.
    /// </summary>
    public Task<DeliveryResult<string?, byte[]>> PublishAsync<T>(
        string topic,
        string key,
        T @event,
        JsonTypeInfo<T> typeInfo,
        Headers? cause,
        DateTimeOffset? clickTime,
        CancellationToken cancellationToken)
    {
        var headers = MessageHeaders.CausedBy(cause);
        if (clickTime is { } time)
        {
            MessageHeaders.SetClickTime(headers, time);
        }

        var value = JsonSerializer.SerializeToUtf8Bytes(@event, typeInfo);
        return ProduceAsync(topic, new Message<string?, byte[]> { Key = key, Value = value, Headers = headers }, cancellationToken);
    }

    /// <summary>
    /// Fire-and-forget: queues the message; a failed delivery is counted (<see cref="DeliveryFailures"/>, metric
    /// <c>streaming.messaging.produce_failed</c>) and logged. When the local queue is full this waits for room.
    /// </summary>
    public void Produce(string topic, Message<string?, byte[]> message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var activity = StartPublish(topic, message);
        while (true)
        {
            try
            {
                _producer.Value.Produce(topic, message, _onDelivery);
                return;
            }
            catch (ProduceException<string?, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                // Serve delivery reports until there is room again.
                _producer.Value.Poll(TimeSpan.FromMilliseconds(100));
            }
        }
    }

    /// <summary>
    /// Waits until every queued message is delivered or failed, and returns how many fire-and-forget deliveries
    /// failed since the previous flush.
    /// </summary>
    public async Task<long> FlushAsync(CancellationToken cancellationToken)
    {
        if (!_producer.IsValueCreated)
        {
            return 0;
        }

        // Flush blocks a thread; keep it off the caller's.
        await Task.Run(() => _producer.Value.Flush(cancellationToken), cancellationToken);
        var now = DeliveryFailures;
        return now - Interlocked.Exchange(ref _failuresAtLastFlush, now);
    }

    public void Dispose()
    {
        if (!_producer.IsValueCreated)
        {
            return;
        }

        var pending = _producer.Value.Flush(TimeSpan.FromSeconds(10));
        if (pending > 0)
        {
            Log.UndeliveredAtDispose(_logger, pending);
        }

        _producer.Value.Dispose();
    }

    private static Activity? StartPublish(string topic, Message<string?, byte[]> message)
    {
        var activity = MessagingDiagnostics.ActivitySource.StartActivity($"{topic} publish", ActivityKind.Producer);
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.destination.name", topic);
        var context = activity?.Context ?? Activity.Current?.Context;
        if (context is { } ctx && ctx != default && MessageHeaders.GetString(message.Headers, MessageHeaders.TraceParent) is null)
        {
            message.Headers ??= new Headers();
            MessageHeaders.SetTraceParent(message.Headers, ctx);
        }

        return activity;
    }

    private void OnDelivery(DeliveryReport<string?, byte[]> report)
    {
        if (report.Error.IsError)
        {
            Interlocked.Increment(ref _deliveryFailures);
            _metrics.ProduceFailed(report.Topic);
            Log.DeliveryFailed(_logger, report.Topic, report.Error.Code, report.Error.Reason);
        }
        else
        {
            _metrics.Produced(report.Topic);
        }
    }

    private void OnError(IProducer<string?, byte[]> producer, Error error)
    {
        if (error.IsFatal)
        {
            Log.FatalProducerError(_logger, error.Code, error.Reason);
            _fatalErrors?.Report(error);
        }
        else
        {
            Log.ProducerError(_logger, error.Code, error.Reason);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, EventName = "DeliveryFailed", Level = LogLevel.Error,
            Message = "Delivery to {Topic} failed: {Code} {Reason}")]
        public static partial void DeliveryFailed(ILogger logger, string topic, ErrorCode code, string reason);

        [LoggerMessage(EventId = 1102, EventName = "FatalProducerError", Level = LogLevel.Critical,
            Message = "Fatal Kafka producer error, stopping the application: {Code} {Reason}")]
        public static partial void FatalProducerError(ILogger logger, ErrorCode code, string reason);

        [LoggerMessage(EventId = 1103, EventName = "ProducerError", Level = LogLevel.Warning,
            Message = "Kafka producer error (librdkafka retries): {Code} {Reason}")]
        public static partial void ProducerError(ILogger logger, ErrorCode code, string reason);

        [LoggerMessage(EventId = 1104, EventName = "UndeliveredAtDispose", Level = LogLevel.Error,
            Message = "{Count} messages were still undelivered when the producer was disposed")]
        public static partial void UndeliveredAtDispose(ILogger logger, int count);

        [LoggerMessage(EventId = 1105, EventName = "ProducerLibrdkafkaLog", Level = LogLevel.Debug,
            Message = "librdkafka {Level} {Facility}: {Message}")]
        public static partial void Librdkafka(ILogger logger, SyslogLevel level, string facility, string message);
    }
}
