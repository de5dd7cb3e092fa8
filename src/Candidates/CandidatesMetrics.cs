using System.Diagnostics.Metrics;

namespace Streaming.Candidates;

/// <summary>The Candidates worker's instruments (meter <c>Streaming.Candidates</c>).</summary>
public sealed class CandidatesMetrics : IDisposable
{
    public const string MeterName = "Streaming.Candidates";

    /// <summary>Stages of a batch (<see cref="Stage"/>): reading the live sessions, building the graphs, publishing the lists.</summary>
    public const string ReadStage = "read";

    public const string BuildStage = "build";

    public const string PublishStage = "publish";

    private readonly Meter _meter;
    private readonly Counter<long> _generated;
    private readonly Counter<long> _skipped;
    private readonly Histogram<double> _inference;
    private readonly Histogram<double> _stages;
    private readonly Counter<long> _swaps;
    private readonly Counter<long> _swapFailures;
    private long _generatedTotal;
    private long _swapsTotal;
    private long _servedVersion;
    private long _skippedTotal;

    public CandidatesMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _generated = _meter.CreateCounter<long>("streaming.candidates.generated", "{session}", "Candidate lists published");
        _skipped = _meter.CreateCounter<long>("streaming.candidates.skipped", "{update}", "Session updates without a candidate list, by reason");
        _inference = _meter.CreateHistogram(
            "streaming.candidates.inference.duration", "ms", "ONNX Runtime time per batch of sessions", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250] });
        _stages = _meter.CreateHistogram(
            "streaming.candidates.stage.duration", "ms", "Time per batch outside ONNX Runtime, by stage (read, build, publish)", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250] });
        _swaps = _meter.CreateCounter<long>("streaming.candidates.model.swaps", "{swap}", "Model versions swapped into service");
        _swapFailures = _meter.CreateCounter<long>("streaming.candidates.model.swap_failed", "{announcement}", "Announced versions not swapped in, by reason");
        _meter.CreateObservableGauge("streaming.candidates.model.version", () => Interlocked.Read(ref _servedVersion), "{version}", "Number of the model version in service (0: none)");
    }

    public long GeneratedTotal => Interlocked.Read(ref _generatedTotal);

    public long SkippedTotal => Interlocked.Read(ref _skippedTotal);

    public void Generated(int count)
    {
        _generated.Add(count);
        Interlocked.Add(ref _generatedTotal, count);
    }

    /// <summary>
    /// Reasons (<see cref="Serving.SkipReasons"/>): <c>coalesced</c> (a newer update of the session in the batch),
    /// <c>superseded</c> (the live session is already newer: its own update follows), <c>no-model</c>,
    /// <c>answered</c> (the session's current version already has a list),
    /// <c>session-missing</c>, <c>no-known-items</c>.
    /// </summary>
    public void Skipped(string reason, int count = 1)
    {
        _skipped.Add(count, new KeyValuePair<string, object?>("reason", reason));
        Interlocked.Add(ref _skippedTotal, count);
    }

    public long SwapsTotal => Interlocked.Read(ref _swapsTotal);

    public void Swapped(int versionNumber)
    {
        _swaps.Add(1);
        Interlocked.Increment(ref _swapsTotal);
        Interlocked.Exchange(ref _servedVersion, versionNumber);
    }

    /// <summary>Reasons: <c>not-in-registry</c>, <c>content-hash-mismatch</c>, <c>load-failed</c>, <c>registry-unreadable</c>.</summary>
    public void SwapFailed(string reason) => _swapFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Inference(TimeSpan elapsed) => _inference.Record(elapsed.TotalMilliseconds);

    public void Stage(string stage, TimeSpan elapsed) => _stages.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("stage", stage));

    public void Dispose() => _meter.Dispose();
}
