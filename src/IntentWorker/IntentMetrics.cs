using System.Diagnostics.Metrics;

namespace Streaming.IntentWorker;

/// <summary>
/// IntentWorker's instruments (meter <c>Streaming.IntentWorker</c>). Skips and failures carry a <c>reason</c> tag.
/// </summary>
public sealed class IntentMetrics : IDisposable
{
    public const string MeterName = "Streaming.IntentWorker";
    public const string SkippedName = "streaming.intents.skipped";
    public const string FailedName = "streaming.intents.failed";
    public const string InferredName = "streaming.intents.inferred";
    public const string DroppedName = "streaming.intents.dropped";
    public const string AnswerCacheName = "streaming.intents.answer_cache";
    public const string ProviderDurationName = "streaming.intents.provider.duration";

    /// <summary>Kind of <see cref="DroppedName"/>: an intent the LLM named that is not one of the candidates.</summary>
    public const string NotACandidate = "not-a-candidate";

    private readonly Meter _meter;
    private readonly Counter<long> _skipped;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _inferred;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _cache;
    private readonly Histogram<double> _providerLatency;

    public IntentMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _skipped = _meter.CreateCounter<long>(SkippedName, "{request}", "Candidate sets not sent to the provider, by reason");
        _failed = _meter.CreateCounter<long>(FailedName, "{request}", "Requests that gave the session no intents, by reason");
        _inferred = _meter.CreateCounter<long>(InferredName, "{session}", "Sessions that got intents");
        _dropped = _meter.CreateCounter<long>(DroppedName, "{intent}", "Intents dropped in grounding (not a candidate) or as duplicates, by kind");
        _cache = _meter.CreateCounter<long>(AnswerCacheName, "{lookup}", "LLM answer cache lookups, by result (hit, miss)");
        _providerLatency = _meter.CreateHistogram<double>(ProviderDurationName, "ms", "Time for the provider's answer (retries included)");
    }

    public void Skipped(string reason, int count = 1) => _skipped.Add(count, new KeyValuePair<string, object?>("reason", reason));

    public void Failed(string reason) => _failed.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Inferred() => _inferred.Add(1);

    public void Dropped(int hallucinated, int duplicates)
    {
        if (hallucinated > 0)
        {
            _dropped.Add(hallucinated, new KeyValuePair<string, object?>("kind", NotACandidate));
        }

        if (duplicates > 0)
        {
            _dropped.Add(duplicates, new KeyValuePair<string, object?>("kind", "duplicate"));
        }
    }

    public void Cache(bool hit) => _cache.Add(1, new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    public void ProviderDuration(TimeSpan elapsed) => _providerLatency.Record(elapsed.TotalMilliseconds);

    public void Dispose() => _meter.Dispose();
}
