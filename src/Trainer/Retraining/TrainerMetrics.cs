using System.Diagnostics.Metrics;

namespace Streaming.Trainer.Retraining;

/// <summary>The streaming Trainer's instruments (meter <c>Streaming.Trainer</c>); consumption and lag come from the messaging meter.</summary>
public sealed class TrainerMetrics : IDisposable
{
    public const string MeterName = "Streaming.Trainer";
    public const string ClicksReadName = "streaming.trainer.clicks.read";
    public const string ClicksInvalidName = "streaming.trainer.clicks.invalid";
    public const string ClicksDuplicateName = "streaming.trainer.clicks.duplicates";
    public const string IntentsReadName = "streaming.trainer.intents.read";
    public const string IntentsInvalidName = "streaming.trainer.intents.invalid";
    public const string RoundsName = "streaming.trainer.rounds";
    public const string PublishedName = "streaming.trainer.published";
    public const string RejectedName = "streaming.trainer.rejected";
    public const string AnnounceFailedName = "streaming.trainer.announce_failed";
    public const string RoundDurationName = "streaming.trainer.round.duration";

    private readonly Meter _meter;
    private readonly Counter<long> _clicksRead;
    private readonly Counter<long> _clicksInvalid;
    private readonly Counter<long> _clicksDuplicate;
    private readonly Counter<long> _intentsRead;
    private readonly Counter<long> _intentsInvalid;
    private readonly Counter<long> _rounds;
    private readonly Counter<long> _published;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _announceFailed;
    private readonly Histogram<double> _roundDuration;
    private double _candidateMrr = double.NaN;
    private double _candidateHit = double.NaN;
    private double _servedMrr = double.NaN;
    private double _servedHit = double.NaN;

    public TrainerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _clicksRead = _meter.CreateCounter<long>(ClicksReadName, "{click}", "Clicks added to the training log");
        _clicksInvalid = _meter.CreateCounter<long>(ClicksInvalidName, "{click}", "Invalid clicks skipped (Ingest dead-letters them), by reason");
        _clicksDuplicate = _meter.CreateCounter<long>(ClicksDuplicateName, "{click}", "Re-delivered offsets and repeated event ids skipped");
        _intentsRead = _meter.CreateCounter<long>(IntentsReadName, "{record}", "Intent records added to the training log");
        _intentsInvalid = _meter.CreateCounter<long>(IntentsInvalidName, "{record}", "Unreadable intent records skipped, by reason");
        _rounds = _meter.CreateCounter<long>(RoundsName, "{round}", "Retraining rounds, by outcome (published, rejected, skipped, failed)");
        _published = _meter.CreateCounter<long>(PublishedName, "{version}", "Model versions published");
        _rejected = _meter.CreateCounter<long>(RejectedName, "{round}", "Rounds whose model was not published, by reason");
        _announceFailed = _meter.CreateCounter<long>(AnnounceFailedName, "{version}", "Published versions whose models event could not be delivered");
        _roundDuration = _meter.CreateHistogram(
            RoundDurationName, "s", "Wall time of a retraining round (split, training, gate, publishing)", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 3600] });
        _meter.CreateObservableGauge("streaming.trainer.holdout.mrr20", ObserveMrr, "%", "Last round's holdout MRR@20, of the new model and of the served one");
        _meter.CreateObservableGauge("streaming.trainer.holdout.hr20", ObserveHit, "%", "Last round's holdout HR@20, of the new model and of the served one");
    }

    public void ClicksRead(int count) => _clicksRead.Add(count);

    /// <summary>Reasons: the <c>ClickRejection</c> codes and <c>key-mismatch</c>.</summary>
    public void InvalidClick(string reason) => _clicksInvalid.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void DuplicateClick() => _clicksDuplicate.Add(1);

    public void IntentsRead(int count) => _intentsRead.Add(count);

    /// <summary>Reasons: <c>malformed</c>, <c>key-mismatch</c>.</summary>
    public void InvalidIntents(string reason) => _intentsInvalid.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void AnnounceFailed() => _announceFailed.Add(1);

    public void Round(RoundResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var outcome = result.Outcome.ToString().ToLowerInvariant();
        _rounds.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        _roundDuration.Record(result.Duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
        if (result.Outcome == RoundOutcome.Published)
        {
            _published.Add(1);
        }
        else
        {
            _rejected.Add(1, new KeyValuePair<string, object?>("reason", result.Reason));
        }

        if (result.Candidate is { } candidate)
        {
            Interlocked.Exchange(ref _candidateMrr, candidate["MRR@20"]);
            Interlocked.Exchange(ref _candidateHit, candidate["HR@20"]);
            Interlocked.Exchange(ref _servedMrr, result.Served?["MRR@20"] ?? double.NaN);
            Interlocked.Exchange(ref _servedHit, result.Served?["HR@20"] ?? double.NaN);
        }
    }

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<double>> ObserveMrr() => Observe(Volatile.Read(ref _candidateMrr), Volatile.Read(ref _servedMrr));

    private IEnumerable<Measurement<double>> ObserveHit() => Observe(Volatile.Read(ref _candidateHit), Volatile.Read(ref _servedHit));

    private static IEnumerable<Measurement<double>> Observe(double candidate, double served)
    {
        if (!double.IsNaN(candidate))
        {
            yield return new Measurement<double>(candidate, new KeyValuePair<string, object?>("model", "new"));
        }

        if (!double.IsNaN(served))
        {
            yield return new Measurement<double>(served, new KeyValuePair<string, object?>("model", "served"));
        }
    }
}
