using System.Globalization;
using Streaming.Core.Contracts;

namespace Streaming.Trainer.Tests;

/// <summary>Generated click streams with a learnable rule: within a session, after item i comes item i + 1 (mod the item count).</summary>
internal static class StreamClicks
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary><paramref name="sessions"/> sessions of 3–6 clicks, a minute apart, event times increasing.</summary>
    public static List<ClickEvent> Successor(int sessions, int items, int seed)
    {
        var random = new Random(seed);
        var clicks = new List<ClickEvent>();
        for (var s = 0; s < sessions; s++)
        {
            var first = random.Next(items);
            var length = random.Next(3, 7);
            for (var k = 0; k < length; k++)
            {
                clicks.Add(new ClickEvent(
                    "s" + s.ToString(CultureInfo.InvariantCulture),
                    "i" + ((first + k) % items).ToString("D2", CultureInfo.InvariantCulture),
                    Start.AddMinutes(s).AddSeconds(k),
                    EventId: $"e{s}-{k}"));
            }
        }

        return clicks;
    }
}
