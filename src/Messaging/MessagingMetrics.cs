using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Streaming.Messaging;

/// <summary>
/// Meter <c>Streaming.Messaging</c>: counters of consumed, handled, retried, dead-lettered and produced messages
/// (tags <c>topic</c>, <c>group</c>) and the consumer lag per partition. The instruments are the only record: tests
/// and progress output read them (a <c>MetricCollector</c>, the <c>TelemetryReader</c>).
/// </summary>
public sealed class MessagingMetrics
{
    public const string ConsumedName = "streaming.messaging.consumed";
    public const string HandledName = "streaming.messaging.handled";
    public const string RetriedName = "streaming.messaging.retried";
    public const string DeadLetteredName = "streaming.messaging.dead_lettered";
    public const string ProducedName = "streaming.messaging.produced";
    public const string ProduceFailedName = "streaming.messaging.produce_failed";
    public const string ConsumerLagName = "streaming.messaging.consumer_lag";
    public const string BatchDurationName = "streaming.messaging.batch_duration";
    public const string PartitionsLostName = "streaming.messaging.partitions_lost";
    public const string OffsetsSkippedName = "streaming.messaging.offsets_skipped";

    private readonly ConcurrentDictionary<(string Topic, int Partition, string Group), long> _lag = new();
    private readonly Counter<long> _consumed;
    private readonly Counter<long> _handled;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _produced;
    private readonly Counter<long> _produceFailed;
    private readonly Histogram<double> _batchDuration;
    private readonly Counter<long> _partitionsLost;
    private readonly Counter<long> _offsetsSkipped;

    public MessagingMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MessagingDiagnostics.MeterName);
        _consumed = meter.CreateCounter<long>(ConsumedName, "{message}", "Messages polled from Kafka.");
        _handled = meter.CreateCounter<long>(HandledName, "{message}", "Messages whose handler succeeded (offset stored).");
        _retried = meter.CreateCounter<long>(RetriedName, "{message}", "Messages handed to the handler again after a failure.");
        _deadLettered = meter.CreateCounter<long>(DeadLetteredName, "{message}", "Messages sent to <topic>.dlq.");
        _produced = meter.CreateCounter<long>(ProducedName, "{message}", "Messages delivered by the producer.");
        _produceFailed = meter.CreateCounter<long>(ProduceFailedName, "{message}", "Messages the producer failed to deliver.");
        _batchDuration = meter.CreateHistogram<double>(BatchDurationName, "s", "Time a handler took per batch, retries included.");
        _partitionsLost = meter.CreateCounter<long>(PartitionsLostName, "{partition}", "Partitions taken from this member without a revocation (e.g. max.poll.interval.ms exceeded).");
        _offsetsSkipped = meter.CreateCounter<long>(OffsetsSkippedName, "{message}", "Offsets never seen: the next message read was past the one expected (reason retention: deleted before it was read).");
        meter.CreateObservableGauge(ConsumerLagName, ObserveLag, "{message}", "High watermark minus the next offset to handle, per partition.");
    }

    /// <summary>The last lag seen for a partition (what the gauge reports), or null when not assigned or not yet known.</summary>
    internal long? Lag(string topic, int partition, string group) =>
        _lag.TryGetValue((topic, partition, group), out var lag) ? lag : null;

    internal void Consumed(string topic, string group, long count) => Add(_consumed, topic, group, count);

    internal void Handled(string topic, string group, long count) => Add(_handled, topic, group, count);

    internal void Retried(string topic, string group, long count) => Add(_retried, topic, group, count);

    internal void DeadLettered(string topic, string group, string reason) =>
        Add(_deadLettered, topic, group, 1, new KeyValuePair<string, object?>("reason", reason));

    internal void PartitionLost(string topic, string group) => Add(_partitionsLost, topic, group, 1);

    internal void OffsetsSkipped(string topic, string group, long count, string reason) =>
        Add(_offsetsSkipped, topic, group, count, new KeyValuePair<string, object?>("reason", reason));

    internal void Produced(string topic) => Add(_produced, topic, string.Empty, 1);

    internal void ProduceFailed(string topic) => Add(_produceFailed, topic, string.Empty, 1);

    internal void BatchDuration(string group, TimeSpan elapsed) =>
        _batchDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("group", group));

    internal void SetLag(string topic, int partition, string group, long lag) => _lag[(topic, partition, group)] = lag;

    internal void RemoveLag(string topic, int partition, string group) => _lag.TryRemove((topic, partition, group), out _);

    private static void Add(Counter<long> counter, string topic, string group, long count, KeyValuePair<string, object?>? extra = null)
    {
        var topicTag = new KeyValuePair<string, object?>("topic", topic);
        if (group.Length == 0)
        {
            counter.Add(count, topicTag);
        }
        else if (extra is { } tag)
        {
            counter.Add(count, topicTag, new KeyValuePair<string, object?>("group", group), tag);
        }
        else
        {
            counter.Add(count, topicTag, new KeyValuePair<string, object?>("group", group));
        }
    }

    private IEnumerable<Measurement<long>> ObserveLag() =>
        _lag.Select(kv => new Measurement<long>(
            kv.Value,
            new KeyValuePair<string, object?>("topic", kv.Key.Topic),
            new KeyValuePair<string, object?>("partition", kv.Key.Partition),
            new KeyValuePair<string, object?>("group", kv.Key.Group)));
}
