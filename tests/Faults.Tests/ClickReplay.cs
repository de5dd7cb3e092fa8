using Confluent.Kafka;
using Streaming.Core.Contracts;

namespace Streaming.Faults.Tests;

/// <summary>
/// A small generated click log (its own session prefix, catalog items, deterministic event ids), produced to
/// <c>clicks</c> keyed by session id in steps at a steady pace, so a test can act between the steps: mid-replay.
/// Sessions are interleaved, so every session is still open while the replay runs.
/// </summary>
internal sealed class ClickReplay
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private int _next;

    private ClickReplay(string prefix, IReadOnlyList<ClickEvent> clicks)
    {
        Prefix = prefix;
        Clicks = clicks;
    }

    public string Prefix { get; }

    public IReadOnlyList<ClickEvent> Clicks { get; }

    public int Produced => Volatile.Read(ref _next);

    public int SessionCount => Clicks.Select(c => c.SessionId).Distinct(StringComparer.Ordinal).Count();

    /// <summary><paramref name="sessions"/> sessions of 2–8 clicks over a few of <paramref name="items"/> each (so items repeat and edges gain weight).</summary>
    public static ClickReplay Create(string prefix, int sessions, IReadOnlyList<string> items, int seed)
    {
        var random = new Random(seed);
        var perSession = Enumerable.Range(0, sessions).Select(s =>
        {
            var pool = Enumerable.Range(0, 4).Select(_ => items[random.Next(items.Count)]).ToArray();
            var length = random.Next(2, 9);
            var id = $"{prefix}-s{s:D4}";
            return Enumerable.Range(0, length)
                .Select(i => new ClickEvent(id, pool[random.Next(pool.Length)], T0.AddSeconds((s * 10) + i), $"{id}-e{i}"))
                .ToList();
        }).ToList();

        // Round-robin over the sessions still open, in a shuffled order each round.
        var clicks = new List<ClickEvent>();
        for (var round = 0; perSession.Any(s => s.Count > round); round++)
        {
            var open = perSession.Where(s => s.Count > round).ToArray();
            random.Shuffle(open);
            clicks.AddRange(open.Select(s => s[round]));
        }

        return new ClickReplay(prefix, clicks);
    }

    /// <summary>Produces the next <paramref name="fraction"/> of the log (of its whole length) at <paramref name="perSecond"/> clicks/s, delivery confirmed.</summary>
    public Task ProduceAsync(IProducer<string, byte[]> producer, double fraction, int perSecond, CancellationToken cancellationToken) =>
        ProduceCountAsync(producer, (int)Math.Ceiling(fraction * Clicks.Count), perSecond, cancellationToken);

    /// <summary>Produces the rest of the log.</summary>
    public Task ProduceRestAsync(IProducer<string, byte[]> producer, int perSecond, CancellationToken cancellationToken) =>
        ProduceCountAsync(producer, Clicks.Count - Produced, perSecond, cancellationToken);

    private async Task ProduceCountAsync(IProducer<string, byte[]> producer, int count, int perSecond, CancellationToken cancellationToken)
    {
        var end = Math.Min(Clicks.Count, Produced + count);
        var perTick = Math.Max(1, perSecond / 50);
        var pending = new List<Task<DeliveryResult<string, byte[]>>>();
        while (Produced < end)
        {
            for (var i = 0; i < perTick && Produced < end; i++)
            {
                var click = Clicks[Produced];
                pending.Add(producer.ProduceAsync(Topics.Clicks, new Message<string, byte[]> { Key = click.SessionId, Value = ClickEventWriter.Write(click) }, cancellationToken));
                Volatile.Write(ref _next, Produced + 1);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }

        // Every click of the step is in the topic before the test acts.
        await Task.WhenAll(pending);
    }
}
