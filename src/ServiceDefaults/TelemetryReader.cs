using System.Diagnostics.Metrics;
using System.Globalization;

namespace Streaming.ServiceDefaults;

/// <summary>
/// Reads a host's own OpenTelemetry instruments in process, with a <see cref="MeterListener"/>: the total of every
/// <c>Streaming.*</c> counter per tag set since the reader was created, and the values the observable instruments
/// (consumer lag, served model versions) gave at the last <see cref="Observe"/>. Histograms are not read. Only meters
/// of one <see cref="IMeterFactory"/> are listened to, so hosts sharing a process are told apart. Create it before the
/// host starts (it counts from then on). This is how the <c>up</c> status line, the benches and the evaluator's
/// dashboard read the workers' figures: the instruments are the only place they are kept. Thread-safe.
/// </summary>
public sealed class TelemetryReader : IDisposable
{
    private const char Separator = '\u001f';

    private readonly Lock _lock = new();
    private readonly MeterListener _listener = new();
    private readonly Dictionary<Series, double> _totals = [];
    private Dictionary<Series, double> _observed = [];
    private Dictionary<Series, double> _observing = [];

    public TelemetryReader(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory)
                && instrument.Meter.Name.StartsWith(ServiceDefaultsExtensions.TelemetryPrefix.TrimEnd('*'), StringComparison.Ordinal)
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

    /// <summary>
    /// A counter's total (or an observable's value at the last <see cref="Observe"/>) over the tag sets that carry every
    /// <paramref name="where"/> pair; 0 before its first measurement.
    /// </summary>
    public long Total(string instrument, params ReadOnlySpan<(string Key, string Value)> where) => (long)Sum(instrument, where);

    /// <inheritdoc cref="Total"/>
    public double Sum(string instrument, params ReadOnlySpan<(string Key, string Value)> where)
    {
        var sum = 0.0;
        lock (_lock)
        {
            foreach (var (series, value) in _totals.Concat(_observed))
            {
                if (series.Instrument == instrument && series.Matches(where))
                {
                    sum += value;
                }
            }
        }

        return sum;
    }

    /// <summary>Like <see cref="Sum"/>, per value of tag <paramref name="tag"/> (tag sets without it under "").</summary>
    public IReadOnlyDictionary<string, double> SumBy(string instrument, string tag, params ReadOnlySpan<(string Key, string Value)> where)
    {
        var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
        lock (_lock)
        {
            foreach (var (series, value) in _totals.Concat(_observed))
            {
                if (series.Instrument == instrument && series.Matches(where))
                {
                    var key = series.Tag(tag) ?? string.Empty;
                    result[key] = result.GetValueOrDefault(key) + value;
                }
            }
        }

        return result;
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = new Series(instrument.Name, Join(tags));
        lock (_lock)
        {
            if (instrument.IsObservable)
            {
                _observing[series] = _observing.GetValueOrDefault(series) + value;
            }
            else
            {
                _totals[series] = _totals.GetValueOrDefault(series) + value;
            }
        }
    }

    private static string Join(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return string.Empty;
        }

        var pairs = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            pairs[i] = tags[i].Key + "=" + Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture);
        }

        Array.Sort(pairs, StringComparer.Ordinal);
        return string.Join(Separator, pairs);
    }

    /// <summary>One instrument and one set of tags (<c>key=value</c> pairs, sorted, joined by a separator).</summary>
    private readonly record struct Series(string Instrument, string Tags)
    {
        public bool Matches(ReadOnlySpan<(string Key, string Value)> where)
        {
            foreach (var (key, value) in where)
            {
                if (Tag(key) != value)
                {
                    return false;
                }
            }

            return true;
        }

        public string? Tag(string key)
        {
            foreach (var pair in Tags.Split(Separator))
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
