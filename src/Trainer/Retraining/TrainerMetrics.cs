using System.Diagnostics.Metrics;

namespace Streaming.Trainer.Retraining;

/// <summary>The streaming Trainer's instruments (meter <c>Streaming.Trainer</c>); consumption and lag come from the messaging meter.</summary>
public sealed class TrainerMetrics : IDisposable
{
    public const string MeterName = "Streaming.Trainer";

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
    private long _clicksReadTotal;
    private long _invalidTotal;
    private long _roundsTotal;
    private long _publishedTotal;
    private long _rejectedTotal;
    private double _candidateMrr = double.NaN;
    private double _candidateHit = double.NaN;
    private double _servedMrr = double.NaN;
    private double _servedHit = double.NaN;

    public TrainerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _clicksRead = _meter.CreateCounter<long>("streaming.trainer.clicks.read", "{click}", "Clicks added to the training log");
        _clicksInvalid = _meter.CreateCounter<long>("streaming.trainer.clicks.invalid", "{click}", "Invalid clicks skipped (Ingest dead-letters them), by reason");
        _clicksDuplicate = _meter.CreateCounter<long>("streaming.trainer.clicks.duplicates", "{click}", "Re-delivered offsets and repeated event ids skipped");
        _intentsRead = _meter.CreateCounter<long>("streaming.trainer.intents.read", "{record}", "Intent records added to the training log");
        _intentsInvalid = _meter.CreateCounter<long>("streaming.trainer.intents.invalid", "{record}", "Unreadable intent records skipped, by reason");
        _rounds = _meter.CreateCounter<long>("streaming.trainer.rounds", "{round}", "Retraining rounds, by outcome (published, rejected, skipped, failed)");
        _published = _meter.CreateCounter<long>("streaming.trainer.published", "{version}", "Model versions published");
        _rejected = _meter.CreateCounter<long>("streaming.trainer.rejected", "{round}", "Rounds whose model was not published, by reason");
        _announceFailed = _meter.CreateCounter<long>("streaming.trainer.announce_failed", "{version}", "Published versions whose models event could not be delivered");
        _roundDuration = _meter.CreateHistogram(
            "streaming.trainer.round.duration", "s", "Wall time of a retraining round (split, training, gate, publishing)", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 3600] });
        _meter.CreateObservableGauge("streaming.trainer.holdout.mrr20", ObserveMrr, "%", "Last round's holdout MRR@20, of the new model and of the served one");
        _meter.CreateObservableGauge("streaming.trainer.holdout.hr20", ObserveHit, "%", "Last round's holdout HR@20, of the new model and of the served one");
    }

    public long ClicksReadTotal => Interlocked.Read(ref _clicksReadTotal);

    public long InvalidTotal => Interlocked.Read(ref _invalidTotal);

    public long RoundsTotal => Interlocked.Read(ref _roundsTotal);

    public long PublishedTotal => Interlocked.Read(ref _publishedTotal);

    public long RejectedTotal => Interlocked.Read(ref _rejectedTotal);

    public void ClicksRead(int count)
    {
        _clicksRead.Add(count);
        Interlocked.Add(ref _clicksReadTotal, count);
    }

    /// <summary>Reasons: the <c>ClickRejection</c> codes and <c>key-mismatch</c>.</summary>
    public void InvalidClick(string reason)
    {
        _clicksInvalid.Add(1, new KeyValuePair<string, object?>("reason", reason));
        Interlocked.Increment(ref _invalidTotal);
    }

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
        Interlocked.Increment(ref _roundsTotal);
        _roundDuration.Record(result.Duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
        if (result.Outcome == RoundOutcome.Published)
        {
            _published.Add(1);
            Interlocked.Increment(ref _publishedTotal);
        }
        else
        {
            _rejected.Add(1, new KeyValuePair<string, object?>("reason", result.Reason));
            Interlocked.Increment(ref _rejectedTotal);
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
