using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Streaming.Messaging;

/// <summary>
/// The one consume loop every worker uses: polls a batch (up to <see cref="KafkaOptions.MaxBatchSize"/> messages,
/// waiting at most <see cref="KafkaOptions.PollTimeout"/> for the first), hands it to the handler, and stores the
/// offsets only after the handler succeeded (auto commit then commits stored offsets only): at-least-once.
/// Failures follow the <see cref="ErrorPolicy"/>: retry the same batch with capped exponential backoff, or isolate
/// the failing message and send it to <c>&lt;topic&gt;.dlq</c>. Fatal Kafka errors stop the application.
/// </summary>
public sealed partial class KafkaConsumeLoop
{
    private const int MaxTraceLinks = 64;

    private readonly ConsumerSubscription _subscription;
    private readonly IMessageBatchHandler _handler;
    private readonly EventProducer _producer;
    private readonly ErrorPolicy _policy;
    private readonly MessagingMetrics _metrics;
    private readonly KafkaOptions _options;
    private readonly ILogger<KafkaConsumeLoop> _logger;
    private readonly IHostApplicationLifetime? _lifetime;

    // Touched only from the loop: rebalance callbacks run inside Consume().
    private readonly HashSet<TopicPartition> _assigned = [];
    private long _nextLagRefresh;

    public KafkaConsumeLoop(
        ConsumerSubscription subscription,
        IMessageBatchHandler handler,
        EventProducer producer,
        ErrorPolicy policy,
        MessagingMetrics metrics,
        IOptions<KafkaOptions> options,
        ILogger<KafkaConsumeLoop> logger,
        IHostApplicationLifetime? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _subscription = subscription;
        _handler = handler;
        _producer = producer;
        _policy = policy;
        _metrics = metrics;
        _options = options.Value;
        _logger = logger;
        _lifetime = lifetime;
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
        await Task.Yield();
        using var fatal = new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, fatal.Token);
        using var drain = new CancellationTokenSource();
        using var drainOnStop = stop.Token.Register(() => drain.CancelAfter(_options.ShutdownDrainTimeout));
        var group = _subscription.GroupId;

        using var consumer = new ConsumerBuilder<string?, byte[]>(KafkaClientConfigs.Consumer(_options, group))
            .SetErrorHandler((_, error) => OnError(error, fatal))
            .SetLogHandler((_, m) => Log.Librdkafka(_logger, m.Level, m.Facility, m.Message))
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions, "revoked"))
            .SetPartitionsLostHandler((_, partitions) => OnRevoked(partitions, "lost"))
            .Build();
        ConsumerCreated?.Invoke(consumer);
        consumer.Subscribe(_subscription.Topics);
        Log.Started(_logger, group, _subscription.Topics);

        var batch = new List<ConsumeResult<string?, byte[]>>(_options.MaxBatchSize);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                batch.Clear();
                if (!Poll(consumer, batch, fatal) && batch.Count == 0 && !fatal.IsCancellationRequested)
                {
                    // A consume error with nothing in hand: don't spin on it.
                    await DelayAsync(_options.PollTimeout, stop.Token);
                    continue;
                }

                // Messages of partitions revoked during the poll belong to their new owner now.
                batch.RemoveAll(m => !_assigned.Contains(m.TopicPartition));
                RefreshLag(consumer, batch);
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
            Close(consumer);
        }
    }

    /// <summary>Fills <paramref name="batch"/>; false when the poll ended on a consume error.</summary>
    private bool Poll(IConsumer<string?, byte[]> consumer, List<ConsumeResult<string?, byte[]>> batch, CancellationTokenSource fatal)
    {
        var timeout = _options.PollTimeout;
        while (batch.Count < _options.MaxBatchSize)
        {
            ConsumeResult<string?, byte[]>? result;
            try
            {
                result = consumer.Consume(timeout);
            }
            catch (ConsumeException ex)
            {
                OnError(ex.Error, fatal);
                return false;
            }

            if (result is null)
            {
                return true;
            }

            batch.Add(result);
            _metrics.Consumed(result.Topic, _subscription.GroupId, 1);
            // The rest of the batch is whatever is already fetched: never wait for it.
            timeout = TimeSpan.Zero;
        }

        return true;
    }

    private async Task<bool> HandleBatchAsync(
        IConsumer<string?, byte[]> consumer,
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
            _metrics.BatchDuration(_subscription.GroupId, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>Returns false when the loop must stop before the batch was fully handled (its offsets not stored).</summary>
    private async Task<bool> HandleWithPolicyAsync(
        IConsumer<string?, byte[]> consumer,
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
                Store(consumer, batch);
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

            var (action, reason) = _policy.Decide(failure, attempt);
            if (action == ErrorAction.Retry)
            {
                if (stopToken.IsCancellationRequested)
                {
                    return false;
                }

                Count(batch, _metrics.Retried);
                var delay = Backoff(attempt);
                Log.Retrying(_logger, failure, _subscription.GroupId, batch.Count, attempt, reason, delay.TotalMilliseconds);
                if (!await DelayAsync(delay, stopToken))
                {
                    return false;
                }

                continue;
            }

            if (batch.Count > 1)
            {
                // Find the poison one: handle the batch again one message at a time, each under the policy.
                Log.Isolating(_logger, failure, _subscription.GroupId, batch.Count, reason);
                foreach (var message in batch)
                {
                    if (!await HandleWithPolicyAsync(consumer, [message], stopToken, drainToken))
                    {
                        return false;
                    }
                }

                return true;
            }

            return await DeadLetterAsync(consumer, batch[0], failure, reason, stopToken, drainToken);
        }
    }

    private async Task<bool> DeadLetterAsync(
        IConsumer<string?, byte[]> consumer,
        ConsumeResult<string?, byte[]> source,
        Exception failure,
        string reason,
        CancellationToken stopToken,
        CancellationToken drainToken)
    {
        var headers = new Headers();
        if (source.Message.Headers is { } original)
        {
            foreach (var header in original)
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        MessageHeaders.SetString(headers, DeadLetterHeaders.Reason, reason);
        MessageHeaders.SetString(headers, DeadLetterHeaders.ExceptionType, failure.GetType().FullName ?? failure.GetType().Name);
        MessageHeaders.SetString(headers, DeadLetterHeaders.ExceptionMessage, Truncate(failure.Message, 1024));
        MessageHeaders.SetString(headers, DeadLetterHeaders.SourceTopic, source.Topic);
        MessageHeaders.SetString(headers, DeadLetterHeaders.SourcePartition, source.Partition.Value.ToString(CultureInfo.InvariantCulture));
        MessageHeaders.SetString(headers, DeadLetterHeaders.SourceOffset, source.Offset.Value.ToString(CultureInfo.InvariantCulture));
        MessageHeaders.SetString(headers, DeadLetterHeaders.ConsumerGroup, _subscription.GroupId);
        MessageHeaders.SetString(headers, DeadLetterHeaders.Time, DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        var message = new Message<string?, byte[]> { Key = source.Message.Key, Value = source.Message.Value, Headers = headers };
        var dlqTopic = DeadLetterHeaders.TopicFor(source.Topic);

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Like a handler, the DLQ delivery may still finish while draining.
                await _producer.ProduceAsync(dlqTopic, message, drainToken);
                break;
            }
            catch (KafkaException ex) when (!ex.Error.IsFatal)
            {
                // The offset is stored only once the DLQ has the message: keep trying.
                Log.DeadLetterFailed(_logger, ex, dlqTopic, attempt);
                if (!await DelayAsync(Backoff(attempt), stopToken))
                {
                    return false;
                }
            }
            catch (OperationCanceledException) when (drainToken.IsCancellationRequested)
            {
                return false;
            }
        }

        _metrics.DeadLettered(source.Topic, _subscription.GroupId);
        Log.DeadLettered(_logger, failure, source.Topic, source.Partition.Value, source.Offset.Value, reason, dlqTopic);
        Store(consumer, [source]);
        return true;
    }

    private void Store(IConsumer<string?, byte[]> consumer, IReadOnlyList<ConsumeResult<string?, byte[]>> batch)
    {
        var last = new Dictionary<TopicPartition, Offset>();
        foreach (var message in batch)
        {
            last[message.TopicPartition] = message.Offset;
        }

        foreach (var (partition, offset) in last)
        {
            if (!_assigned.Contains(partition))
            {
                continue;
            }

            try
            {
                consumer.StoreOffset(new TopicPartitionOffset(partition, offset + 1));
            }
            catch (KafkaException ex)
            {
                // Lost in the meantime (e.g. max.poll.interval.ms exceeded): the new owner re-delivers it.
                Log.StoreFailed(_logger, ex, partition.Topic, partition.Partition.Value, ex.Error.Reason);
            }
        }
    }

    private void RefreshLag(IConsumer<string?, byte[]> consumer, List<ConsumeResult<string?, byte[]>> batch)
    {
        var group = _subscription.GroupId;
        var now = Stopwatch.GetTimestamp();
        var due = now >= _nextLagRefresh
            || batch.Exists(m => _metrics.Lag(m.Topic, m.Partition.Value, group) is null);
        if (!due)
        {
            return;
        }

        _nextLagRefresh = now + (long)(_options.LagRefreshInterval.TotalSeconds * Stopwatch.Frequency);
        // The next offset to handle: the head of the batch in hand, else the consumer's position.
        var next = new Dictionary<TopicPartition, long>();
        foreach (var message in batch)
        {
            next.TryAdd(message.TopicPartition, message.Offset.Value);
        }

        var unknown = new List<(TopicPartition Partition, WatermarkOffsets Watermarks)>();
        foreach (var partition in _assigned)
        {
            try
            {
                var watermarks = consumer.GetWatermarkOffsets(partition);
                if (watermarks.High == Offset.Unset)
                {
                    continue;
                }

                if (!next.TryGetValue(partition, out var position))
                {
                    var current = consumer.Position(partition);
                    if (current == Offset.Unset)
                    {
                        // Nothing consumed from it since the assignment: fall back to the committed offset below.
                        unknown.Add((partition, watermarks));
                        continue;
                    }

                    position = current.Value;
                }

                _metrics.SetLag(partition.Topic, partition.Partition.Value, group, Math.Max(0, watermarks.High.Value - position));
            }
            catch (KafkaException ex)
            {
                Log.LagUnavailable(_logger, partition.Topic, partition.Partition.Value, ex.Error.Reason);
            }
        }

        if (unknown.Count > 0)
        {
            RefreshLagFromCommitted(consumer, unknown);
        }
    }

    private void RefreshLagFromCommitted(IConsumer<string?, byte[]> consumer, List<(TopicPartition Partition, WatermarkOffsets Watermarks)> partitions)
    {
        try
        {
            // One round trip per refresh interval, only for partitions idle since their assignment.
            var committed = consumer.Committed(partitions.Select(p => p.Partition), TimeSpan.FromMilliseconds(500));
            foreach (var (partition, watermarks) in partitions)
            {
                var offset = committed.FirstOrDefault(c => c.TopicPartition == partition)?.Offset ?? Offset.Unset;
                var start = offset != Offset.Unset ? offset.Value
                    : _options.AutoOffsetReset == AutoOffsetReset.Earliest ? watermarks.Low.Value
                    : watermarks.High.Value;
                _metrics.SetLag(partition.Topic, partition.Partition.Value, _subscription.GroupId, Math.Max(0, watermarks.High.Value - start));
            }
        }
        catch (KafkaException ex)
        {
            Log.LagUnavailable(_logger, partitions[0].Partition.Topic, partitions[0].Partition.Partition.Value, ex.Error.Reason);
        }
    }

    private void OnAssigned(List<TopicPartition> partitions)
    {
        _assigned.UnionWith(partitions);
        Log.Assigned(_logger, _subscription.GroupId, partitions);
    }

    private void OnRevoked(List<TopicPartitionOffset> partitions, string how)
    {
        foreach (var partition in partitions)
        {
            _assigned.Remove(partition.TopicPartition);
            _metrics.RemoveLag(partition.Topic, partition.Partition.Value, _subscription.GroupId);
        }

        Log.Revoked(_logger, _subscription.GroupId, how, partitions);
    }

    private void OnError(Error error, CancellationTokenSource fatal)
    {
        if (error.IsFatal)
        {
            Log.Fatal(_logger, _subscription.GroupId, error.Code, error.Reason);
            fatal.Cancel();
            // Crash-only: a non-zero exit code tells the orchestrator to restart the worker.
            Environment.ExitCode = 1;
            _lifetime?.StopApplication();
        }
        else
        {
            Log.ConsumerError(_logger, _subscription.GroupId, error.Code, error.Reason);
        }
    }

    private void Close(IConsumer<string?, byte[]> consumer)
    {
        try
        {
            // Commits the stored offsets and leaves the group, so the partitions move on at once.
            consumer.Close();
        }
        catch (KafkaException ex)
        {
            Log.CloseFailed(_logger, ex, _subscription.GroupId);
        }

        foreach (var partition in _assigned)
        {
            _metrics.RemoveLag(partition.Topic, partition.Partition.Value, _subscription.GroupId);
        }

        _assigned.Clear();
        Log.Stopped(_logger, _subscription.GroupId);
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

    private TimeSpan Backoff(int attempt)
    {
        var exponential = _options.RetryInitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, _options.RetryMaxBackoff.TotalMilliseconds);
        // Jitter keeps many consumers from retrying a shared dependency in lockstep.
        return TimeSpan.FromMilliseconds(capped * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }

    private static async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
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

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

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
            Message = "Group {Group}: batch of {Count} failed permanently ({Reason}); handling it one message at a time")]
        public static partial void Isolating(ILogger logger, Exception exception, string group, int count, string reason);

        [LoggerMessage(EventId = 1005, EventName = "DeadLettered", Level = LogLevel.Error,
            Message = "Dead-lettered {Topic}[{Partition}]@{Offset} ({Reason}) to {DeadLetterTopic}")]
        public static partial void DeadLettered(ILogger logger, Exception exception, string topic, int partition, long offset, string reason, string deadLetterTopic);

        [LoggerMessage(EventId = 1006, EventName = "DeadLetterFailed", Level = LogLevel.Warning,
            Message = "Producing to {DeadLetterTopic} failed (attempt {Attempt}); retrying")]
        public static partial void DeadLetterFailed(ILogger logger, Exception exception, string deadLetterTopic, int attempt);

        [LoggerMessage(EventId = 1007, EventName = "OffsetStoreFailed", Level = LogLevel.Warning,
            Message = "Could not store the offset of {Topic}[{Partition}]: {Reason}; it will be re-delivered")]
        public static partial void StoreFailed(ILogger logger, Exception exception, string topic, int partition, string reason);

        [LoggerMessage(EventId = 1008, EventName = "PartitionsAssigned", Level = LogLevel.Information,
            Message = "Group {Group}: assigned {Partitions}")]
        public static partial void Assigned(ILogger logger, string group, List<TopicPartition> partitions);

        [LoggerMessage(EventId = 1009, EventName = "PartitionsRevoked", Level = LogLevel.Information,
            Message = "Group {Group}: {How} {Partitions}")]
        public static partial void Revoked(ILogger logger, string group, string how, List<TopicPartitionOffset> partitions);

        [LoggerMessage(EventId = 1010, EventName = "FatalConsumerError", Level = LogLevel.Critical,
            Message = "Group {Group}: fatal Kafka error, stopping the application: {Code} {Reason}")]
        public static partial void Fatal(ILogger logger, string group, ErrorCode code, string reason);

        [LoggerMessage(EventId = 1011, EventName = "ConsumerError", Level = LogLevel.Warning,
            Message = "Group {Group}: Kafka error (librdkafka retries): {Code} {Reason}")]
        public static partial void ConsumerError(ILogger logger, string group, ErrorCode code, string reason);

        [LoggerMessage(EventId = 1012, EventName = "ConsumerCloseFailed", Level = LogLevel.Warning,
            Message = "Group {Group}: closing the consumer failed")]
        public static partial void CloseFailed(ILogger logger, Exception exception, string group);

        [LoggerMessage(EventId = 1013, EventName = "DrainTimedOut", Level = LogLevel.Warning,
            Message = "Group {Group}: the batch of {Count} messages did not finish within the drain timeout; it will be re-delivered")]
        public static partial void DrainTimedOut(ILogger logger, string group, int count);

        [LoggerMessage(EventId = 1014, EventName = "LagUnavailable", Level = LogLevel.Debug,
            Message = "Lag of {Topic}[{Partition}] unavailable: {Reason}")]
        public static partial void LagUnavailable(ILogger logger, string topic, int partition, string reason);

        [LoggerMessage(EventId = 1015, EventName = "ConsumerLibrdkafkaLog", Level = LogLevel.Debug,
            Message = "librdkafka {Level} {Facility}: {Message}")]
        public static partial void Librdkafka(ILogger logger, SyslogLevel level, string facility, string message);
    }
}
