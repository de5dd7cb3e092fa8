using Confluent.Kafka;
using Streaming.Core.Contracts;
using Streaming.Messaging;

namespace Streaming.Cli;

/// <summary>
/// Synthetic clicks for trying the pipeline without a dataset: sessions of 2–15 clicks over a catalog with
/// skewed popularity, where each next item tends to stay near the previous one (so sessions have structure).
/// Clearly synthetic: item ids are <c>demo-item-NNNN</c> and session ids <c>demo-…</c>.
/// </summary>
internal sealed class DemoTraffic(EventProducer producer, int clicksPerSecond, int seed = 7)
{
    private const int CatalogSize = 2_000;

    public long Produced { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var open = new List<(string Session, int Item, int Left)>();
        var sessionNumber = 0;
        // Paced by elapsed time rather than per-tick counts, so the rate holds whatever the timer's resolution.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var due = (long)(clock.Elapsed.TotalSeconds * clicksPerSecond) - Produced;
                for (var i = 0; i < due; i++)
                {
                    if (open.Count < 50 || random.NextDouble() < 0.05)
                    {
                        open.Add(($"demo-{seed}-{sessionNumber++}", Popular(random), random.Next(2, 16)));
                    }

                    var pick = random.Next(open.Count);
                    var (session, item, left) = open[pick];
                    var next = random.NextDouble() < 0.7 ? Math.Clamp(item + random.Next(-5, 6), 0, CatalogSize - 1) : Popular(random);
                    open[pick] = (session, next, left - 1);
                    if (left <= 1)
                    {
                        open.RemoveAt(pick);
                    }

                    var click = new ClickEvent(session, $"demo-item-{next:D4}", DateTimeOffset.UtcNow, $"{session}-{left}");
                    producer.Produce(Topics.Clicks, new Message<string?, byte[]> { Key = session, Value = ClickEventWriter.Write(click) });
                    Produced++;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    /// <summary>A popularity-skewed item: low ids are much more likely.</summary>
    private static int Popular(Random random) => (int)(CatalogSize * Math.Pow(random.NextDouble(), 3));
}
