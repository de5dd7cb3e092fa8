using Confluent.Kafka;
using Streaming.Messaging;

namespace Streaming.Cli.PipelineBench;

/// <summary>Probes for the floor at a low steady rate, keyed <c>{run}-{n}</c>, through the process's one producer.</summary>
internal static class FloorProbes
{
    public static async Task RunAsync(EventProducer producer, string run, int perSecond, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(producer);
        var value = new byte[64];
        var sent = 0L;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                for (var due = (long)(clock.Elapsed.TotalSeconds * perSecond); sent < due; sent++)
                {
                    producer.Produce(PipelineObserver.FloorTopic, new Message<string?, byte[]> { Key = $"{run}-{sent}", Value = value });
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped with the run.
        }
    }
}
