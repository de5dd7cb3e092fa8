using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Streaming.Messaging;

namespace Streaming.Cli.PipelineBench;

/// <summary>
/// The workers' own OpenTelemetry instruments, read in process with a <see cref="MeterListener"/> (never through the
/// workers' metrics classes): consumer lag per group, every <c>Streaming.*</c> counter (skips by reason, offsets
/// skipped by retention, …) and histogram (handler time per batch and group, per-stage timings), keyed by instrument
/// name and tags (partitions summed).
/// </summary>
internal sealed class PipelineInstruments : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (double Sum, long Count)> _histograms = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, ConcurrentQueue<double>> _batchSeconds = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, long>? _lagSample;

    public PipelineInstruments()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("Streaming.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == MessagingMetrics.ConsumerLagName)
            {
                if (_lagSample is { } sample && Tag(tags, "group") is { } group)
                {
                    sample.AddOrUpdate(group, value, (_, sum) => sum + value);
                }
            }
            else if (instrument is Counter<long> or UpDownCounter<long>)
            {
                _counters.AddOrUpdate(Key(instrument.Name, tags), value, (_, total) => total + value);
            }
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (instrument.Name == MessagingMetrics.BatchDurationName)
            {
                _batchSeconds.GetOrAdd(Tag(tags, "group") ?? "?", _ => new ConcurrentQueue<double>()).Enqueue(value);
            }

            _histograms.AddOrUpdate(Key(instrument.Name, tags), (value, 1), (_, s) => (s.Sum + value, s.Count + 1));
        });
        _listener.Start();
    }

    /// <summary>Consumer lag now, summed over partitions, per consumer group.</summary>
    public IReadOnlyDictionary<string, long> SampleLag()
    {
        var sample = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        _lagSample = sample;
        _listener.RecordObservableInstruments();
        _lagSample = null;
        return sample.ToDictionary(StringComparer.Ordinal);
    }

    /// <summary>Running totals of every counter, by <c>name{tags}</c>.</summary>
    public IReadOnlyDictionary<string, long> Counters() => _counters.ToDictionary(StringComparer.Ordinal);

    /// <summary>Running sums and counts of every histogram, by <c>name{tags}</c>.</summary>
    public IReadOnlyDictionary<string, (double Sum, long Count)> Histograms() => _histograms.ToDictionary(StringComparer.Ordinal);

    /// <summary>Handler seconds per batch, per consumer group, since the previous call.</summary>
    public IReadOnlyDictionary<string, double[]> TakeBatchSeconds()
    {
        var taken = Interlocked.Exchange(ref _batchSeconds, new ConcurrentDictionary<string, ConcurrentQueue<double>>(StringComparer.Ordinal));
        return taken.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
    }

    public void Dispose() => _listener.Dispose();

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var (key, value) in tags)
        {
            if (key == name)
            {
                return Convert.ToString(value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static string Key(string name, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>(tags.Length);
        foreach (var (key, value) in tags)
        {
            if (key != "partition")
            {
                parts.Add(key + "=" + Convert.ToString(value, CultureInfo.InvariantCulture));
            }
        }

        if (parts.Count == 0)
        {
            return name;
        }

        parts.Sort(StringComparer.Ordinal);
        return new StringBuilder(name).Append('{').AppendJoin(',', parts).Append('}').ToString();
    }
}
