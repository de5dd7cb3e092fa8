using System.Diagnostics.Metrics;

namespace Streaming.Ranker;

/// <summary>
/// The Ranker's instruments (meter <c>Streaming.Ranker</c>).
/// </summary>
public sealed class RankerMetrics : IDisposable
{
    public const string MeterName = "Streaming.Ranker";
    public const string IssuedName = "streaming.ranker.issued";
    public const string SkippedName = "streaming.ranker.skipped";
    public const string FallbackName = "streaming.ranker.fallback";
    public const string IntentsIgnoredName = "streaming.ranker.intents.ignored";
    public const string SwapsName = "streaming.ranker.model.swaps";
    public const string SwapSkippedName = "streaming.ranker.model.swap_skipped";
    public const string InferenceDurationName = "streaming.ranker.inference.duration";
    public const string EndToEndDurationName = "streaming.ranker.end_to_end.duration";

    /// <summary>Issued from a <c>candidates</c> event: the immediate answer, with whatever intents were stored.</summary>
    public const string Initial = "initial";

    /// <summary>Issued because fresh intents were announced on <c>intents</c>.</summary>
    public const string Refined = "refined";

    /// <summary>The candidate list passed on unranked (the served version has no ranker graph).</summary>
    public const string Fallback = "fallback";

    private readonly Meter _meter;
    private readonly Counter<long> _issued;
    private readonly Counter<long> _skipped;
    private readonly Counter<long> _fallback;
    private readonly Counter<long> _intentsIgnored;
    private readonly Histogram<double> _inference;
    private readonly Histogram<double> _endToEnd;
    private readonly Counter<long> _swaps;
    private readonly Counter<long> _swapFailures;

    public RankerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _swaps = _meter.CreateCounter<long>(SwapsName, "{swap}", "Model versions put into service (the first load included)");
        _swapFailures = _meter.CreateCounter<long>(SwapSkippedName, "{announcement}", "Announced versions not put into service, by reason");
        _issued = _meter.CreateCounter<long>(IssuedName, "{list}", "Recommendation lists published, by kind (initial, refined, fallback)");
        _skipped = _meter.CreateCounter<long>(SkippedName, "{event}", "Events that gave no recommendation list, by reason");
        _fallback = _meter.CreateCounter<long>(FallbackName, "{list}", "Lists published without the fused ranker, by reason");
        _intentsIgnored = _meter.CreateCounter<long>(IntentsIgnoredName, "{session}", "Stored intent vectors not used (the session was ranked without them), by reason");
        _inference = _meter.CreateHistogram(
            InferenceDurationName, "ms", "ONNX Runtime time per batch of sessions", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250] });
        _endToEnd = _meter.CreateHistogram(
            EndToEndDurationName, "ms", "From the click's event time to the recommendation's delivery, by kind", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000] });
    }

    public void Swapped() => _swaps.Add(1);

    /// <summary>
    /// Reasons: <c>not-in-registry</c>, <c>content-hash-mismatch</c>, <c>load-failed</c>, <c>registry-unreadable</c>, <c>no-ranker</c> (the announced
    /// version has no ranker graph while a fused ranker is served: it stays in service).
    /// </summary>
    public void SwapSkipped(string reason) => _swapFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Issued(string kind, int count = 1) => _issued.Add(count, new KeyValuePair<string, object?>("kind", kind));

    /// <summary>
    /// Reasons: <c>coalesced</c> (a newer event of the session in the batch answered it), <c>no-model</c>, <c>no-ranker</c>
    /// (an <c>intents</c> event while the served version has no ranker), <c>session-missing</c>, <c>no-known-items</c>,
    /// <c>no-intents</c> (an <c>intents</c> event but no usable stored vectors: the answer would repeat the initial one).
    /// </summary>
    public void Skipped(string reason, int count = 1) => _skipped.Add(count, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Reasons: <c>no-ranker</c> (the served version is SR-GNN only).</summary>
    public void FallbackUsed(string reason, int count = 1) => _fallback.Add(count, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Reasons: <c>dimension</c> (the vectors' size is not the model's intent dimension).</summary>
    public void IntentsIgnored(string reason) => _intentsIgnored.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Inference(TimeSpan elapsed) => _inference.Record(elapsed.TotalMilliseconds);

    public void EndToEnd(string kind, TimeSpan elapsed) =>
        _endToEnd.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("kind", kind));

    public void Dispose() => _meter.Dispose();
}
