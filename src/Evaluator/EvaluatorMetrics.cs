using System.Diagnostics.Metrics;

namespace Streaming.Evaluator;

/// <summary>
/// The evaluator's instruments (meter <c>Streaming.Evaluator</c>): live accuracy per answer kind and model version,
/// answer outcomes, messages and click-to-answer latency per stage. Accuracy and outcomes are observed from the
/// <see cref="PrequentialEvaluator"/> at each collection, so exporting costs nothing per message.
/// </summary>
public sealed class EvaluatorMetrics : IDisposable
{
    public const string MeterName = "Streaming.Evaluator";
    public const string LatencyName = "streaming.evaluator.click_to_answer.duration";
    public const string MessagesName = "streaming.evaluator.messages";

    private readonly Meter _meter;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _invalid;
    private readonly Histogram<double> _latency;

    public EvaluatorMetrics(IMeterFactory meterFactory, PrequentialEvaluator evaluator)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(evaluator);
        _meter = meterFactory.Create(MeterName);
        _messages = _meter.CreateCounter<long>(MessagesName, "{message}", "Messages read, by stage");
        _invalid = _meter.CreateCounter<long>("streaming.evaluator.invalid", "{message}", "Messages skipped as unreadable (their own consumer dead-letters them), by topic and reason");
        _latency = _meter.CreateHistogram(
            LatencyName, "ms", "From the click's event time (click-time header) to the stage's message, by stage", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000] });
        _meter.CreateObservableCounter(
            "streaming.evaluator.answers",
            () => evaluator.OutcomeCounts().Select(o => new Measurement<long>(o.Count, Tag("kind", o.Kind), Tag("outcome", o.Outcome))),
            "{answer}",
            "Answers by kind and outcome (scored, late, superseded, repeated, unscored)");
        _meter.CreateObservableGauge("streaming.evaluator.pending", () => evaluator.Pending, "{answer}", "Answers waiting for their session's next click");
        Accuracy(evaluator, "hr10", "HR@10", f => f.HitRate10);
        Accuracy(evaluator, "hr20", "HR@20", f => f.HitRate20);
        Accuracy(evaluator, "mrr10", "MRR@10", f => f.Mrr10);
        Accuracy(evaluator, "mrr20", "MRR@20", f => f.Mrr20);
        Accuracy(evaluator, "ndcg20", "NDCG@20", f => f.Ndcg20);
        _meter.CreateObservableGauge(
            "streaming.evaluator.samples",
            () => evaluator.AccuracyTable().Select(f => new Measurement<long>(f.Samples, Tags(f))),
            "{answer}",
            "Answers scored, by kind, model version (or all) and scope (window, total)");
    }

    public void Seen(string stage, TimeSpan? clickToAnswer)
    {
        _messages.Add(1, Tag("stage", stage));
        if (clickToAnswer is { } latency && latency >= TimeSpan.Zero)
        {
            _latency.Record(latency.TotalMilliseconds, Tag("stage", stage));
        }
    }

    /// <summary>Reasons: <c>invalid-event</c>, <c>missing-field</c>.</summary>
    public void Invalid(string topic, string reason) => _invalid.Add(1, Tag("topic", topic), Tag("reason", reason));

    public void Dispose() => _meter.Dispose();

    private void Accuracy(PrequentialEvaluator evaluator, string name, string label, Func<AccuracyFigures, double> figure) =>
        _meter.CreateObservableGauge(
            "streaming.evaluator." + name,
            () => evaluator.AccuracyTable().Where(f => f.Samples > 0).Select(f => new Measurement<double>(figure(f), Tags(f))),
            "%",
            $"Live {label} against the session's next click, by kind, model version (or all) and scope (window, total)");

    private static KeyValuePair<string, object?>[] Tags(AccuracyFigures f) =>
        [Tag("kind", f.Kind), Tag("model_version", f.ModelVersion), Tag("scope", f.Scope)];

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}
