using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Streaming.Testing;

/// <summary>
/// Tests read the workers' OpenTelemetry instruments (the only place figures are kept) with
/// <see cref="MetricCollector{T}"/>. A collector sees what is measured after it was made: make it before the host starts.
/// </summary>
public static class Measurements
{
    /// <summary>Collects instrument <paramref name="instrument"/> of meter <paramref name="meter"/> made by this provider's meter factory (not another host's).</summary>
    public static MetricCollector<long> Collect(this IServiceProvider services, string meter, string instrument) =>
        new(services.GetRequiredService<IMeterFactory>(), meter, instrument);

    /// <summary>Collects instrument <paramref name="instrument"/> of meter <paramref name="meter"/> made by <paramref name="meterFactory"/>.</summary>
    public static MetricCollector<long> Collect(this IMeterFactory meterFactory, string meter, string instrument) =>
        new(meterFactory, meter, instrument);

    /// <summary>A counter's total over the measurements that carry every tag given.</summary>
    public static long Sum(this MetricCollector<long> collector, params (string Key, object? Value)[] tags) =>
        collector.GetMeasurementSnapshot().ContainsTags(Pairs(tags)).EvaluateAsCounter();

    /// <summary>
    /// What an observable instrument reports now (polled afresh) summed over the series that carry every tag given;
    /// null when it reports none of them.
    /// </summary>
    public static long? ObserveNow(this MetricCollector<long> collector, params (string Key, object? Value)[] tags)
    {
        collector.Clear();
        collector.RecordObservableInstruments();
        var matching = collector.GetMeasurementSnapshot(clear: true).ContainsTags(Pairs(tags)).ToList();
        return matching.Count == 0 ? null : matching.Sum(m => m.Value);
    }

    private static KeyValuePair<string, object?>[] Pairs((string Key, object? Value)[] tags) =>
        [.. tags.Select(t => new KeyValuePair<string, object?>(t.Key, t.Value))];
}
