using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Streaming.IntentWorker;

/// <summary>
/// IntentWorker's instruments (meter <c>Streaming.IntentWorker</c>), with in-process totals for tests and benchmarks.
/// Skips and failures carry a <c>reason</c> tag.
/// </summary>
public sealed class IntentMetrics : IDisposable
{
    public const string MeterName = "Streaming.IntentWorker";

    private readonly Meter _meter;
    private readonly Counter<long> _skipped;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _inferred;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _cache;
    private readonly Histogram<double> _providerLatency;
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);

    public IntentMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _skipped = _meter.CreateCounter<long>("streaming.intents.skipped", "{request}", "Candidate sets not sent to the provider, by reason");
        _failed = _meter.CreateCounter<long>("streaming.intents.failed", "{request}", "Requests that gave the session no intents, by reason");
        _inferred = _meter.CreateCounter<long>("streaming.intents.inferred", "{session}", "Sessions that got intents");
        _dropped = _meter.CreateCounter<long>("streaming.intents.dropped", "{intent}", "Intents dropped in grounding (not a candidate) or as duplicates, by kind");
        _cache = _meter.CreateCounter<long>("streaming.intents.answer_cache", "{lookup}", "LLM answer cache lookups, by result (hit, miss)");
        _providerLatency = _meter.CreateHistogram<double>("streaming.intents.provider.duration", "ms", "Time for the provider's answer (retries included)");
    }

    /// <summary>In-process total of a counter: <c>skipped:reason</c>, <c>failed:reason</c>, <c>inferred</c>, <c>dropped:kind</c>, <c>cache:hit</c>, <c>cache:miss</c>.</summary>
    public long Total(string name) => _totals.GetValueOrDefault(name);

    public void Skipped(string reason, int count = 1)
    {
        _skipped.Add(count, new KeyValuePair<string, object?>("reason", reason));
        Add("skipped:" + reason, count);
    }

    public void Failed(string reason)
    {
        _failed.Add(1, new KeyValuePair<string, object?>("reason", reason));
        Add("failed:" + reason, 1);
    }

    public void Inferred()
    {
        _inferred.Add(1);
        Add("inferred", 1);
    }

    public void Dropped(int hallucinated, int duplicates)
    {
        if (hallucinated > 0)
        {
            _dropped.Add(hallucinated, new KeyValuePair<string, object?>("kind", "not-a-candidate"));
            Add("dropped:not-a-candidate", hallucinated);
        }

        if (duplicates > 0)
        {
            _dropped.Add(duplicates, new KeyValuePair<string, object?>("kind", "duplicate"));
            Add("dropped:duplicate", duplicates);
        }
    }

    public void Cache(bool hit)
    {
        _cache.Add(1, new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));
        Add(hit ? "cache:hit" : "cache:miss", 1);
    }

    public void ProviderDuration(TimeSpan elapsed) => _providerLatency.Record(elapsed.TotalMilliseconds);

    public void Dispose() => _meter.Dispose();

    private void Add(string name, long count) => _totals.AddOrUpdate(name, count, (_, total) => total + count);
}
