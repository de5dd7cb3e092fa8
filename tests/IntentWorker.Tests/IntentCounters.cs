using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Streaming.Testing;

namespace Streaming.IntentWorker.Tests;

/// <summary>The IntentWorker's counters made by one meter factory, collected from now on.</summary>
internal sealed class IntentCounters(IMeterFactory meters) : IDisposable
{
    public IntentCounters(IServiceProvider services)
        : this(services.GetRequiredService<IMeterFactory>())
    {
    }

    public MetricCollector<long> Skipped { get; } = meters.Collect(IntentMetrics.MeterName, IntentMetrics.SkippedName);

    public MetricCollector<long> Failed { get; } = meters.Collect(IntentMetrics.MeterName, IntentMetrics.FailedName);

    public MetricCollector<long> Inferred { get; } = meters.Collect(IntentMetrics.MeterName, IntentMetrics.InferredName);

    public MetricCollector<long> Dropped { get; } = meters.Collect(IntentMetrics.MeterName, IntentMetrics.DroppedName);

    public MetricCollector<long> Cache { get; } = meters.Collect(IntentMetrics.MeterName, IntentMetrics.AnswerCacheName);

    public long SkippedFor(string reason) => Skipped.Sum(("reason", reason));

    public long FailedFor(string reason) => Failed.Sum(("reason", reason));

    public void Dispose()
    {
        Skipped.Dispose();
        Failed.Dispose();
        Inferred.Dispose();
        Dropped.Dispose();
        Cache.Dispose();
    }
}
