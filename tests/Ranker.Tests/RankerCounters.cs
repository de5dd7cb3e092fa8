using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Streaming.Testing;

namespace Streaming.Ranker.Tests;

/// <summary>The Ranker's counters of one host, collected from now on (make it before the host starts).</summary>
internal sealed class RankerCounters(IServiceProvider services) : IDisposable
{
    public MetricCollector<long> Issued { get; } = services.Collect(RankerMetrics.MeterName, RankerMetrics.IssuedName);

    public MetricCollector<long> Skipped { get; } = services.Collect(RankerMetrics.MeterName, RankerMetrics.SkippedName);

    public MetricCollector<long> Fallback { get; } = services.Collect(RankerMetrics.MeterName, RankerMetrics.FallbackName);

    public MetricCollector<long> IntentsIgnored { get; } = services.Collect(RankerMetrics.MeterName, RankerMetrics.IntentsIgnoredName);

    public MetricCollector<long> Swaps { get; } = services.Collect(RankerMetrics.MeterName, RankerMetrics.SwapsName);

    public MetricCollector<long> SwapSkipped { get; } = services.Collect(RankerMetrics.MeterName, RankerMetrics.SwapSkippedName);

    public long IssuedOf(string kind) => Issued.Sum(("kind", kind));

    public long SkippedFor(string reason) => Skipped.Sum(("reason", reason));

    public void Dispose()
    {
        foreach (var collector in new[] { Issued, Skipped, Fallback, IntentsIgnored, Swaps, SwapSkipped })
        {
            collector.Dispose();
        }
    }
}
