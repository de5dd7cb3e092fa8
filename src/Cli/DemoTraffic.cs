using Confluent.Kafka;
using Streaming.Core.Contracts;
using Streaming.Messaging;

namespace Streaming.Cli;

/// <summary>
/// Demo clicks at a steady rate: the given sessions (fresh synthetic ones, or a real dataset's held-out sessions)
/// clicked through in order, <paramref name="openSessions"/> (50) open at once and interleaved as concurrent users
/// would, so a session clicks on average every <c>openSessions / clicksPerSecond</c> seconds. Session ids are
/// <c>{prefix}-N</c> (<c>demo-N</c>), so demo traffic is told apart from real clicks.
/// </summary>
internal sealed class DemoTraffic(EventProducer producer, int clicksPerSecond, IEnumerable<string[]> sessions, int seed = 7, int openSessions = 50, string prefix = "demo")
{
    // At most this many clicks per 10 ms tick, so an unreachable rate still yields to the stop token.
    private const int MostPerTick = 5_000;

    public long Produced { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        using var source = sessions.GetEnumerator();
        var open = new List<(string Session, string[] Items, int Next)>();
        var sessionNumber = 0;
        // Paced by elapsed time rather than per-tick counts, so the rate holds whatever the timer's resolution.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var due = Math.Min(MostPerTick, (long)(clock.Elapsed.TotalSeconds * clicksPerSecond) - Produced);
                for (var i = 0; i < due; i++)
                {
                    while (open.Count < openSessions && source.MoveNext())
                    {
                        open.Add(($"{prefix}-{sessionNumber++}", source.Current, 0));
                    }

                    if (open.Count == 0)
                    {
                        return;
                    }

                    var pick = random.Next(open.Count);
                    var (session, items, next) = open[pick];
                    if (next + 1 == items.Length)
                    {
                        open.RemoveAt(pick);
                    }
                    else
                    {
                        open[pick] = (session, items, next + 1);
                    }

                    var click = new ClickEvent(session, items[next], DateTimeOffset.UtcNow, $"{session}-{next}");
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
}
