using System.Diagnostics.Metrics;

namespace Streaming.Candidates;

/// <summary>The Candidates worker's instruments (meter <c>Streaming.Candidates</c>).</summary>
public sealed class CandidatesMetrics : IDisposable
{
    public const string MeterName = "Streaming.Candidates";
    public const string GeneratedName = "streaming.candidates.generated";
    public const string SkippedName = "streaming.candidates.skipped";
    public const string SwapsName = "streaming.candidates.model.swaps";
    public const string SwapFailedName = "streaming.candidates.model.swap_failed";
    public const string ModelVersionName = "streaming.candidates.model.version";
    public const string InferenceDurationName = "streaming.candidates.inference.duration";
    public const string StageDurationName = "streaming.candidates.stage.duration";

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
    private long _servedVersion;

    public CandidatesMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _generated = _meter.CreateCounter<long>(GeneratedName, "{session}", "Candidate lists published");
        _skipped = _meter.CreateCounter<long>(SkippedName, "{update}", "Session updates without a candidate list, by reason");
        _inference = _meter.CreateHistogram(
            InferenceDurationName, "ms", "ONNX Runtime time per batch of sessions", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250] });
        _stages = _meter.CreateHistogram(
            StageDurationName, "ms", "Time per batch outside ONNX Runtime, by stage (read, build, publish)", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250] });
        _swaps = _meter.CreateCounter<long>(SwapsName, "{swap}", "Model versions swapped into service");
        _swapFailures = _meter.CreateCounter<long>(SwapFailedName, "{announcement}", "Announced versions not swapped in, by reason");
        _meter.CreateObservableGauge(ModelVersionName, () => Interlocked.Read(ref _servedVersion), "{version}", "Number of the model version in service (0: none)");
    }

    public void Generated(int count) => _generated.Add(count);

    /// <summary>
    /// Reasons (<see cref="Serving.SkipReasons"/>): <c>coalesced</c> (a newer update of the session in the batch),
    /// <c>superseded</c> (the live session is already newer: its own update follows), <c>no-model</c>,
    /// <c>answered</c> (the session's current version already has a list),
    /// <c>session-missing</c>, <c>no-known-items</c>.
    /// </summary>
    public void Skipped(string reason, int count = 1) => _skipped.Add(count, new KeyValuePair<string, object?>("reason", reason));

    public void Swapped(int versionNumber)
    {
        _swaps.Add(1);
        Interlocked.Exchange(ref _servedVersion, versionNumber);
    }

    /// <summary>Reasons: <c>not-in-registry</c>, <c>content-hash-mismatch</c>, <c>load-failed</c>, <c>registry-unreadable</c>.</summary>
    public void SwapFailed(string reason) => _swapFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Inference(TimeSpan elapsed) => _inference.Record(elapsed.TotalMilliseconds);

    public void Stage(string stage, TimeSpan elapsed) => _stages.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("stage", stage));

    public void Dispose() => _meter.Dispose();
}
