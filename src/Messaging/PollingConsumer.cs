using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Streaming.Messaging;

/// <summary>
/// A Kafka consumer owned by one dedicated thread: every call into the client (polls, offset stores, pause/resume,
/// close) and so every rebalance callback runs there, and the consume loop awaits them. The blocking polls never hold
/// a thread-pool thread, and the set of assigned partitions needs no lock. While a batch is being retried the loop
/// calls <see cref="KeepPollingAsync"/>: the assigned partitions are paused and the consumer keeps polling, so the
/// member is not evicted after <c>max.poll.interval.ms</c>; <see cref="ResumeAsync"/> resumes them.
/// </summary>
internal sealed partial class PollingConsumer : IAsyncDisposable
{
    private readonly BlockingCollection<Action> _work = [];
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IConsumer<string?, byte[]> _consumer;
    private readonly KafkaOptions _options;
    private readonly MessagingMetrics _metrics;
    private readonly ConsumerLagTracker _lag;
    private readonly ILogger _logger;
    private readonly string _group;

    // Touched only on the consumer's thread.
    private readonly HashSet<TopicPartition> _assigned = [];
    private readonly HashSet<TopicPartition> _paused = [];
    private readonly Dictionary<TopicPartition, long> _expected = [];
    private readonly List<ConsumeResult<string?, byte[]>> _carried = [];

    public PollingConsumer(
        ConsumerBuilder<string?, byte[]> builder,
        KafkaOptions options,
        MessagingMetrics metrics,
        ILogger logger,
        string group)
    {
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _group = group;
        _lag = new ConsumerLagTracker(metrics, options, logger, group);
        _consumer = builder
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions, lost: false))
            .SetPartitionsLostHandler((_, partitions) => OnRevoked(partitions, lost: true))
            .Build();
        var thread = new Thread(Run) { IsBackground = true, Name = $"kafka-poll {group}" };
        thread.Start();
    }

    /// <summary>Raised on the consumer's thread for a consume error (e.g. a fatal one).</summary>
    public event Action<Error>? ConsumeError;

    public IConsumer<string?, byte[]> Client => _consumer;

    public Task SubscribeAsync(IEnumerable<string> topics) => Invoke(() => _consumer.Subscribe(topics));

    /// <summary>
    /// Fills <paramref name="batch"/>: waits up to <see cref="KafkaOptions.PollTimeout"/> for the first message, then
    /// takes what is already fetched, up to <see cref="KafkaOptions.MaxBatchSize"/>. Messages of partitions revoked
    /// meanwhile are left out. False when the poll ended on a consume error.
    /// </summary>
    public Task<bool> PollAsync(List<ConsumeResult<string?, byte[]>> batch) => Invoke(() =>
    {
        var ok = Poll(batch);
        // Messages of partitions revoked during the poll belong to their new owner now.
        batch.RemoveAll(m => !_assigned.Contains(m.TopicPartition));
        _lag.Refresh(_consumer, _assigned, batch);
        return ok;
    });

    /// <summary>The messages of <paramref name="batch"/> whose partitions are still assigned to this member.</summary>
    public Task<List<ConsumeResult<string?, byte[]>>> StillAssignedAsync(IReadOnlyList<ConsumeResult<string?, byte[]>> batch) =>
        Invoke(() => batch.Where(m => _assigned.Contains(m.TopicPartition)).ToList());

    /// <summary>Stores the offsets after <paramref name="batch"/>'s last message per partition still assigned.</summary>
    public Task StoreAsync(IReadOnlyList<ConsumeResult<string?, byte[]>> batch) => Invoke(() => Store(batch));

    /// <summary>
    /// Pauses the assigned partitions and polls for <paramref name="duration"/> (false when stopped first), so the
    /// member stays in the group while the loop waits to retry. A message from a partition assigned meanwhile is
    /// kept for the next poll and its partition paused too.
    /// </summary>
    public Task<bool> KeepPollingAsync(TimeSpan duration, CancellationToken stopToken) => Invoke(() =>
    {
        var until = DateTime.UtcNow + duration;
        while (!stopToken.IsCancellationRequested)
        {
            PauseAssigned();
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return true;
            }

            try
            {
                if (_consumer.Consume(left < _options.PollTimeout ? left : _options.PollTimeout) is { } message)
                {
                    Accept(message);
                    _carried.Add(message);
                }
            }
            catch (ConsumeException ex)
            {
                ConsumeError?.Invoke(ex.Error);
            }
        }

        return false;
    });

    /// <summary>Resumes the partitions <see cref="KeepPollingAsync"/> paused (those still assigned).</summary>
    public Task ResumeAsync() => Invoke(() =>
    {
        if (_paused.Count == 0)
        {
            return;
        }

        var resume = _paused.Where(_assigned.Contains).ToList();
        _paused.Clear();
        if (resume.Count > 0)
        {
            _consumer.Resume(resume);
            Log.Resumed(_logger, _group, resume.Count);
        }
    });

    /// <summary>Commits the stored offsets and leaves the group, so the partitions move on at once.</summary>
    public Task CloseAsync() => Invoke(() =>
    {
        try
        {
            _consumer.Close();
        }
        catch (KafkaException ex)
        {
            Log.CloseFailed(_logger, ex, _group);
        }

        foreach (var partition in _assigned)
        {
            _lag.Forget(partition);
        }

        _assigned.Clear();
    });

    public async ValueTask DisposeAsync()
    {
        _work.CompleteAdding();
        await _exited.Task;
        _consumer.Dispose();
        _work.Dispose();
    }

    private void Run()
    {
        foreach (var work in _work.GetConsumingEnumerable())
        {
            work();
        }

        _exited.SetResult();
    }

    private Task<T> Invoke<T>(Func<T> func)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                done.SetResult(func());
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        });
        return done.Task;
    }

    private Task<bool> Invoke(Action action) => Invoke(() =>
    {
        action();
        return true;
    });

    private bool Poll(List<ConsumeResult<string?, byte[]>> batch)
    {
        var timeout = _options.PollTimeout;
        if (_carried.Count > 0)
        {
            batch.AddRange(_carried);
            _carried.Clear();
            timeout = TimeSpan.Zero;
        }

        while (batch.Count < _options.MaxBatchSize)
        {
            ConsumeResult<string?, byte[]>? result;
            try
            {
                result = _consumer.Consume(timeout);
            }
            catch (ConsumeException ex)
            {
                ConsumeError?.Invoke(ex.Error);
                return false;
            }

            if (result is null)
            {
                return true;
            }

            Accept(result);
            batch.Add(result);
            // The rest of the batch is whatever is already fetched: never wait for it.
            timeout = TimeSpan.Zero;
        }

        return true;
    }

    // Counts a consumed message and checks it follows the previous one of its partition: a jump means offsets were
    // deleted (retention) before this member read them.
    private void Accept(ConsumeResult<string?, byte[]> message)
    {
        _metrics.Consumed(message.Topic, _group, 1);
        var partition = message.TopicPartition;
        var offset = message.Offset.Value;
        if (!_expected.TryGetValue(partition, out var expected))
        {
            expected = CommittedOffset(partition);
        }

        if (expected >= 0 && offset > expected)
        {
            _metrics.OffsetsSkipped(message.Topic, _group, offset - expected, "retention");
            Log.OffsetsSkipped(_logger, _group, message.Topic, message.Partition.Value, expected, offset);
        }

        _expected[partition] = offset + 1;
    }

    // The group's committed offset for a partition just assigned (one round trip per assignment), or -1.
    private long CommittedOffset(TopicPartition partition)
    {
        try
        {
            var committed = _consumer.Committed([partition], TimeSpan.FromSeconds(1));
            return committed.Count == 1 && committed[0].Offset.Value >= 0 ? committed[0].Offset.Value : -1;
        }
        catch (KafkaException)
        {
            return -1;
        }
    }

    private void PauseAssigned()
    {
        var pause = _assigned.Where(p => !_paused.Contains(p)).ToList();
        if (pause.Count == 0)
        {
            return;
        }

        _consumer.Pause(pause);
        _paused.UnionWith(pause);
        Log.Paused(_logger, _group, pause.Count);
    }

    private void Store(IReadOnlyList<ConsumeResult<string?, byte[]>> batch)
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
                _consumer.StoreOffset(new TopicPartitionOffset(partition, offset + 1));
            }
            catch (KafkaException ex)
            {
                // Lost in the meantime (e.g. max.poll.interval.ms exceeded): the new owner re-delivers it.
                Log.StoreFailed(_logger, ex, partition.Topic, partition.Partition.Value, ex.Error.Reason);
            }
        }
    }

    private void OnAssigned(List<TopicPartition> partitions)
    {
        _assigned.UnionWith(partitions);
        Log.Assigned(_logger, _group, partitions);
    }

    private void OnRevoked(List<TopicPartitionOffset> partitions, bool lost)
    {
        foreach (var partition in partitions)
        {
            _assigned.Remove(partition.TopicPartition);
            _paused.Remove(partition.TopicPartition);
            _expected.Remove(partition.TopicPartition);
            _lag.Forget(partition.TopicPartition);
            if (lost)
            {
                _metrics.PartitionLost(partition.Topic, _group);
            }
        }

        _carried.RemoveAll(m => !_assigned.Contains(m.TopicPartition));
        Log.Revoked(_logger, _group, lost ? "lost" : "revoked", partitions);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1007, EventName = "OffsetStoreFailed", Level = LogLevel.Warning,
            Message = "Could not store the offset of {Topic}[{Partition}]: {Reason}; it will be re-delivered")]
        public static partial void StoreFailed(ILogger logger, Exception exception, string topic, int partition, string reason);

        [LoggerMessage(EventId = 1008, EventName = "PartitionsAssigned", Level = LogLevel.Information,
            Message = "Group {Group}: assigned {Partitions}")]
        public static partial void Assigned(ILogger logger, string group, List<TopicPartition> partitions);

        [LoggerMessage(EventId = 1009, EventName = "PartitionsRevoked", Level = LogLevel.Information,
            Message = "Group {Group}: {How} {Partitions}")]
        public static partial void Revoked(ILogger logger, string group, string how, List<TopicPartitionOffset> partitions);

        [LoggerMessage(EventId = 1012, EventName = "ConsumerCloseFailed", Level = LogLevel.Warning,
            Message = "Group {Group}: closing the consumer failed")]
        public static partial void CloseFailed(ILogger logger, Exception exception, string group);

        [LoggerMessage(EventId = 1016, EventName = "PartitionsPaused", Level = LogLevel.Information,
            Message = "Group {Group}: paused {Count} partitions while retrying; polling on")]
        public static partial void Paused(ILogger logger, string group, int count);

        [LoggerMessage(EventId = 1017, EventName = "PartitionsResumed", Level = LogLevel.Information,
            Message = "Group {Group}: resumed {Count} partitions")]
        public static partial void Resumed(ILogger logger, string group, int count);

        [LoggerMessage(EventId = 1018, EventName = "OffsetsLostToRetention", Level = LogLevel.Error,
            Message = "Group {Group}: {Topic}[{Partition}] jumped from offset {Expected} to {Offset}; the messages between were deleted (retention) before this group read them")]
        public static partial void OffsetsSkipped(ILogger logger, string group, string topic, int partition, long expected, long offset);
    }
}
