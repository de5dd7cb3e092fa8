using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Streaming.Core.Contracts;
using Streaming.Messaging;

namespace Streaming.Cli;

/// <summary>
/// Tells when every consumer of a running host is consuming: each consume loop reports the lag of every partition it
/// was assigned (the <c>streaming.messaging.consumer_lag</c> gauge), so a (topic, group) whose partitions all have a lag
/// is assigned and polling. Ready when each pipeline topic has such a group, no group seen is partly assigned, and the
/// set of groups stopped growing (workers that start a little later are waited for).
/// </summary>
internal sealed class WorkerReadiness : IDisposable
{
    private static readonly string[] PipelineTopics = [Topics.Clicks, Topics.SessionUpdates, Topics.Candidates, Topics.Intents];
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Topic, string Group), ConcurrentDictionary<int, bool>> _seen = new();
    private readonly int _partitions;

    public WorkerReadiness(int partitions)
    {
        _partitions = partitions;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MessagingDiagnostics.MeterName && instrument.Name == MessagingMetrics.ConsumerLagName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) => Record(tags));
        _listener.Start();
    }

    /// <summary>Waits until every consumer is assigned and polling; false when the token fired first.</summary>
    public async Task<bool> WaitAsync(CancellationToken cancellationToken)
    {
        var stableSince = DateTime.UtcNow;
        var groups = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                _listener.RecordObservableInstruments();
                var complete = _seen.Where(kv => kv.Value.Count >= _partitions).Select(kv => kv.Key).ToList();
                if (_seen.Count != groups)
                {
                    groups = _seen.Count;
                    stableSince = DateTime.UtcNow;
                }

                if (complete.Count == _seen.Count
                    && PipelineTopics.All(topic => complete.Exists(c => c.Topic == topic))
                    && DateTime.UtcNow - stableSince >= TimeSpan.FromSeconds(1))
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped before ready.
        }

        return false;
    }

    public void Dispose() => _listener.Dispose();

    private void Record(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? topic = null;
        string? group = null;
        int? partition = null;
        foreach (var (key, value) in tags)
        {
            switch (key)
            {
                case "topic":
                    topic = value as string;
                    break;
                case "group":
                    group = value as string;
                    break;
                case "partition":
                    partition = value as int?;
                    break;
            }
        }

        if (topic is not null && group is not null && partition is { } p)
        {
            _seen.GetOrAdd((topic, group), _ => new ConcurrentDictionary<int, bool>())[p] = true;
        }
    }
}
