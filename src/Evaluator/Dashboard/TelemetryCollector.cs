using System.Diagnostics.Metrics;

namespace Streaming.Evaluator.Dashboard;

/// <summary>
/// The process's own OpenTelemetry instruments, read with a <see cref="MeterListener"/>: totals of every
/// <c>Streaming.*</c> counter, and the latest values of the observable instruments (consumer lag, served model
/// versions) at each <see cref="Observe"/>. In <c>streaming up</c> that is every worker; in a standalone evaluator
/// only its own consume loop. Thread-safe.
/// </summary>
public sealed class TelemetryCollector : IDisposable
{
    private readonly Lock _lock = new();
    private readonly MeterListener _listener = new();
    private readonly Dictionary<Series, double> _totals = [];
    private Dictionary<Series, double> _observed = [];
    private Dictionary<Series, double> _observing = [];

    public TelemetryCollector()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Histograms are not plotted from here; the evaluator's own figures are read from it directly.
            if (instrument.Meter.Name.StartsWith("Streaming.", StringComparison.Ordinal)
                && instrument.Meter.Name != EvaluatorMetrics.MeterName
                && instrument is not Histogram<double> and not Histogram<long>)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Polls the observable instruments; their values replace the previous poll's.</summary>
    public void Observe()
    {
        _listener.RecordObservableInstruments();
        lock (_lock)
        {
            (_observed, _observing) = (_observing, []);
        }
    }

    /// <summary>A counter's total (or an observable's latest value) summed per value of tag <paramref name="tag"/>, optionally filtered by another tag.</summary>
    public IReadOnlyDictionary<string, double> SumBy(string instrument, string tag, (string Key, string Value)? where = null)
    {
        lock (_lock)
        {
            var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
            foreach (var (series, value) in _totals.Concat(_observed))
            {
                if (series.Instrument != instrument || (where is { } filter && series.Tag(filter.Key) != filter.Value))
                {
                    continue;
                }

                var key = series.Tag(tag) ?? "";
                result[key] = result.GetValueOrDefault(key) + value;
            }

            return result;
        }
    }

    /// <summary>A counter's total over all tags, 0 before its first measurement.</summary>
    public double Sum(string instrument) => SumBy(instrument, "-").Values.Sum();

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = new Series(instrument.Name, string.Join('\u001f', Tags(tags)));
        lock (_lock)
        {
            if (instrument.IsObservable)
            {
                _observing[series] = value;
            }
            else
            {
                _totals[series] = _totals.GetValueOrDefault(series) + value;
            }
        }
    }

    private static List<string> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var list = new List<string>(tags.Length);
        foreach (var (key, value) in tags)
        {
            list.Add(key + "=" + Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
        }

        list.Sort(StringComparer.Ordinal);
        return list;
    }

    private readonly record struct Series(string Instrument, string Tags)
    {
        public string? Tag(string key)
        {
            foreach (var pair in Tags.Split('\u001f'))
            {
                if (pair.Length > key.Length && pair[key.Length] == '=' && pair.StartsWith(key, StringComparison.Ordinal))
                {
                    return pair[(key.Length + 1)..];
                }
            }

            return null;
        }
    }
}
