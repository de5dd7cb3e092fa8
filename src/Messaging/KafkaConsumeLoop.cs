using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Streaming.Messaging;

/// <summary>
/// The one consume loop every worker uses: polls a batch through a <see cref="PollingConsumer"/> (its own thread; up
/// to <see cref="KafkaOptions.MaxBatchSize"/> messages, waiting at most <see cref="KafkaOptions.PollTimeout"/> for the
/// first), hands it to the handler, and stores the offsets only after the handler succeeded (auto commit then commits
/// stored offsets only): at-least-once. Failures follow the <see cref="ErrorPolicy"/>: retry the same batch with
/// backoff while the partitions are paused and polling goes on, or, for a failure that may end in the dead-letter
/// topic, handle the batch again one message at a time so only the bad one goes to <c>&lt;topic&gt;.dlq</c>
/// (<see cref="DeadLetterPublisher"/>). A fatal Kafka error stops the application through <see cref="KafkaFatalErrors"/>.
/// </summary>
public sealed partial class KafkaConsumeLoop
{
    private const int MaxTraceLinks = 64;

    private readonly ConsumerSubscription _subscription;
    private readonly IMessageBatchHandler _handler;
    private readonly ErrorPolicy _policy;
    private readonly MessagingMetrics _metrics;
    private readonly KafkaOptions _options;
    private readonly ILogger<KafkaConsumeLoop> _logger;
    private readonly KafkaFatalErrors _fatalErrors;
    private readonly ExponentialBackoff _backoff;
    private readonly DeadLetterPublisher _deadLetters;

    public KafkaConsumeLoop(
        ConsumerSubscription subscription,
        IMessageBatchHandler handler,
        EventProducer producer,
        ErrorPolicy policy,
        MessagingMetrics metrics,
        IOptions<KafkaOptions> options,
        ILogger<KafkaConsumeLoop> logger,
        KafkaFatalErrors fatalErrors)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(options);
        _subscription = subscription;
        _handler = handler;
        _policy = policy;
        _metrics = metrics;
        _options = options.Value;
        _logger = logger;
        _fatalErrors = fatalErrors;
        _backoff = new ExponentialBackoff(_options.RetryInitialBackoff, _options.RetryMaxBackoff, Jitter: 0.2);
        _deadLetters = new DeadLetterPublisher(producer, metrics, _backoff, logger, subscription.GroupId);
    }

    public ConsumerSubscription Subscription => _subscription;

    /// <summary>Test hook: sees the consumer once it is built (e.g. to inject a fatal error).</summary>
    internal Action<IConsumer<string?, byte[]>>? ConsumerCreated { get; set; }

    /// <summary>
    /// Runs until <paramref name="stoppingToken"/> fires or a fatal Kafka error. On stop, the batch in flight may
    /// finish within <see cref="KafkaOptions.ShutdownDrainTimeout"/>; then the consumer commits and leaves the group.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var fatal = new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, fatal.Token);
        using var drain = new CancellationTokenSource();
        using var drainOnStop = stop.Token.Register(() => drain.CancelAfter(_options.ShutdownDrainTimeout));
        var group = _subscription.GroupId;

        var builder = new ConsumerBuilder<string?, byte[]>(KafkaClientConfigs.Consumer(_options, group))
            .SetErrorHandler((_, error) => OnError(error, fatal))
            .SetLogHandler((_, m) => Log.Librdkafka(_logger, m.Level, m.Facility, m.Message));
        await using var consumer = new PollingConsumer(builder, _options, _metrics, _logger, group);
        consumer.ConsumeError += error => OnError(error, fatal);
        ConsumerCreated?.Invoke(consumer.Client);
        await consumer.SubscribeAsync(_subscription.Topics);
        Log.Started(_logger, group, _subscription.Topics);

        var batch = new List<ConsumeResult<string?, byte[]>>(_options.MaxBatchSize);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                batch.Clear();
                if (!await consumer.PollAsync(batch) && batch.Count == 0 && !fatal.IsCancellationRequested)
                {
                    // A consume error with nothing in hand: don't spin on it.
                    await Delays.TryDelayAsync(_options.PollTimeout, stop.Token);
                    continue;
                }

                if (batch.Count == 0 || fatal.IsCancellationRequested)
                {
                    continue;
                }

                if (!await HandleBatchAsync(consumer, batch, stop.Token, drain.Token))
                {
                    break;
                }
            }
        }
        finally
        {
            await consumer.CloseAsync();
            Log.Stopped(_logger, group);
        }
    }

    private async Task<bool> HandleBatchAsync(
        PollingConsumer consumer,
        IReadOnlyList<ConsumeResult<string?, byte[]>> batch,
        CancellationToken stopToken,
        CancellationToken drainToken)
    {
        using var activity = StartProcess(batch);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await HandleWithPolicyAsync(consumer, batch, stopToken, drainToken);
        }
        finally
        {
            await consumer.ResumeAsync();
            _metrics.BatchDuration(_subscription.GroupId, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>Returns false when the loop must stop before the batch was fully handled (its offsets not stored).</summary>
    private async Task<bool> HandleWithPolicyAsync(
        PollingConsumer consumer,
        IReadOnlyList<ConsumeResult<string?, byte[]>> batch,
        CancellationToken stopToken,
        CancellationToken drainToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            Exception failure;
            try
            {
                await _handler.HandleAsync(batch, drainToken);
                await consumer.StoreAsync(batch);
                Count(batch, _metrics.Handled);
                return true;
            }
            catch (OperationCanceledException) when (drainToken.IsCancellationRequested)
            {
                Log.DrainTimedOut(_logger, _subscription.GroupId, batch.Count);
                return false;
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            if (batch.Count > 1 && _policy.Match(failure).Action != ErrorAction.Retry)
            {
                // A failure that may end in the dead-letter topic: find the bad message at once, handling the batch
                // again one message at a time, each under the policy; the good ones run at most twice.
                Log.Isolating(_logger, _subscription.GroupId, batch.Count, _policy.Match(failure).Reason, failure.GetType().Name, failure.Message);
                foreach (var message in batch)
                {
                    if (!await HandleWithPolicyAsync(consumer, [message], stopToken, drainToken))
                    {
                        return false;
                    }
                }

                return true;
            }

            var (action, reason) = _policy.Decide(failure, attempt);
            if (action == ErrorAction.DeadLetter)
            {
                return await DeadLetterAsync(consumer, batch[0], failure, reason, stopToken, drainToken);
            }

            if (stopToken.IsCancellationRequested)
            {
                return false;
            }

            Count(batch, _metrics.Retried);
            var delay = _backoff.Delay(attempt);
            Log.Retrying(_logger, failure, _subscription.GroupId, batch.Count, attempt, reason, delay.TotalMilliseconds);
            // Poll on (partitions paused) while waiting, so a long outage does not cost this member its partitions.
            if (!await consumer.KeepPollingAsync(delay, stopToken))
            {
                return false;
            }

            batch = await consumer.StillAssignedAsync(batch);
            if (batch.Count == 0)
            {
                // Lost meanwhile: the new owner handles them.
                return true;
            }
        }
    }

    private async Task<bool> DeadLetterAsync(
        PollingConsumer consumer,
        ConsumeResult<string?, byte[]> source,
        Exception failure,
        string reason,
        CancellationToken stopToken,
        CancellationToken drainToken)
    {
        if (!await _deadLetters.PublishAsync(source, failure, reason, stopToken, drainToken))
        {
            return false;
        }

        await consumer.StoreAsync([source]);
        return true;
    }

    private void OnError(Error error, CancellationTokenSource fatal)
    {
        if (error.IsFatal)
        {
            Log.Fatal(_logger, _subscription.GroupId, error.Code, error.Reason);
            fatal.Cancel();
            _fatalErrors.Report(error);
        }
        else
        {
            Log.ConsumerError(_logger, _subscription.GroupId, error.Code, error.Reason);
        }
    }

    private Activity? StartProcess(IReadOnlyList<ConsumeResult<string?, byte[]>> batch)
    {
        var source = MessagingDiagnostics.ActivitySource;
        if (!source.HasListeners())
        {
            return null;
        }

        var name = $"{batch[0].Topic} process";
        Activity? activity;
        if (batch.Count == 1 && MessageHeaders.TryGetTraceParent(batch[0].Message.Headers, out var parent))
        {
            activity = source.StartActivity(name, ActivityKind.Consumer, parent);
        }
        else
        {
            var links = new List<ActivityLink>();
            foreach (var message in batch)
            {
                if (links.Count < MaxTraceLinks && MessageHeaders.TryGetTraceParent(message.Message.Headers, out var context))
                {
                    links.Add(new ActivityLink(context));
                }
            }

            activity = source.StartActivity(name, ActivityKind.Consumer, default(ActivityContext), links: links);
        }

        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.consumer.group.name", _subscription.GroupId);
        activity?.SetTag("messaging.batch.message_count", batch.Count);
        return activity;
    }

    private void Count(IReadOnlyList<ConsumeResult<string?, byte[]>> batch, Action<string, string, long> counter)
    {
        if (batch.Count == 1)
        {
            counter(batch[0].Topic, _subscription.GroupId, 1);
            return;
        }

        foreach (var topic in batch.GroupBy(m => m.Topic))
        {
            counter(topic.Key, _subscription.GroupId, topic.Count());
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, EventName = "ConsumeLoopStarted", Level = LogLevel.Information,
            Message = "Consume loop of group {Group} started on {Topics}")]
        public static partial void Started(ILogger logger, string group, IReadOnlyList<string> topics);

        [LoggerMessage(EventId = 1002, EventName = "ConsumeLoopStopped", Level = LogLevel.Information,
            Message = "Consume loop of group {Group} stopped")]
        public static partial void Stopped(ILogger logger, string group);

        [LoggerMessage(EventId = 1003, EventName = "HandlerRetrying", Level = LogLevel.Warning,
            Message = "Group {Group}: handler failed on {Count} messages (attempt {Attempt}, {Reason}); retrying in {DelayMs:F0} ms")]
        public static partial void Retrying(ILogger logger, Exception exception, string group, int count, int attempt, string reason, double delayMs);

        [LoggerMessage(EventId = 1004, EventName = "IsolatingPoison", Level = LogLevel.Warning,
            Message = "Group {Group}: batch of {Count} failed ({Reason}: {ExceptionType}: {ExceptionMessage}); handling it one message at a time")]
        public static partial void Isolating(ILogger logger, string group, int count, string reason, string exceptionType, string exceptionMessage);

        [LoggerMessage(EventId = 1010, EventName = "FatalConsumerError", Level = LogLevel.Critical,
            Message = "Group {Group}: fatal Kafka error, stopping the application: {Code} {Reason}")]
        public static partial void Fatal(ILogger logger, string group, ErrorCode code, string reason);

        [LoggerMessage(EventId = 1011, EventName = "ConsumerError", Level = LogLevel.Warning,
            Message = "Group {Group}: Kafka error (librdkafka retries): {Code} {Reason}")]
        public static partial void ConsumerError(ILogger logger, string group, ErrorCode code, string reason);

        [LoggerMessage(EventId = 1013, EventName = "DrainTimedOut", Level = LogLevel.Warning,
            Message = "Group {Group}: the batch of {Count} messages did not finish within the drain timeout; it will be re-delivered")]
        public static partial void DrainTimedOut(ILogger logger, string group, int count);

        [LoggerMessage(EventId = 1015, EventName = "ConsumerLibrdkafkaLog", Level = LogLevel.Debug,
            Message = "librdkafka {Level} {Facility}: {Message}")]
        public static partial void Librdkafka(ILogger logger, SyslogLevel level, string facility, string message);
    }
}
