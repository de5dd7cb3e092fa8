using System.Diagnostics.Metrics;
using Streaming.State;

namespace Streaming.Ingest;

/// <summary>Ingest's own instruments (meter <c>Streaming.Ingest</c>); consumption, dead letters and lag come from the messaging meter.</summary>
public sealed class IngestMetrics : IDisposable
{
    public const string MeterName = "Streaming.Ingest";
    public const string AppliedName = "streaming.ingest.clicks.applied";
    public const string DuplicatesName = "streaming.ingest.clicks.duplicates";
    public const string ApplyDurationName = "streaming.ingest.apply.duration";

    private readonly Meter _meter;
    private readonly Counter<long> _applied;
    private readonly Counter<long> _duplicates;
    private readonly Histogram<double> _applyLatency;

    public IngestMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _applied = _meter.CreateCounter<long>(AppliedName, "{click}", "Clicks applied to live session graphs");
        _duplicates = _meter.CreateCounter<long>(DuplicatesName, "{click}", "Clicks skipped as already applied, by kind (offset, event-id)");
        _applyLatency = _meter.CreateHistogram(
            ApplyDurationName,
            "ms",
            "Time to apply one poll batch in Redis (one pipelined round trip)",
            tags: null,
            // Sub-millisecond resolution: the default buckets start at 5 ms, the latency goal itself.
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.25, 0.5, 1, 2, 3, 5, 10, 25, 50, 100, 250, 1000] });
    }

    public void Applied(int count) => _applied.Add(count);

    public void Duplicate(ApplyStatus kind) =>
        _duplicates.Add(1, new KeyValuePair<string, object?>("kind", kind == ApplyStatus.SeenOffset ? "offset" : "event-id"));

    public void ApplyDuration(TimeSpan elapsed) => _applyLatency.Record(elapsed.TotalMilliseconds);

    public void Dispose() => _meter.Dispose();
}
