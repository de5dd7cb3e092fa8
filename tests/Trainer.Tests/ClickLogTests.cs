using Microsoft.Extensions.Options;
using Streaming.Core.Datasets;
using Streaming.Trainer.Retraining;

namespace Streaming.Trainer.Tests;

public sealed class ClickLogTests
{
    private static readonly DateTimeOffset Time = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_redelivered_offset_and_a_repeated_event_id_are_kept_once()
    {
        var log = new ClickLog(Options.Create(new TrainerOptions()));

        Assert.True(log.TryAppend("clicks", 0, 10, Click("a", 1), "e1"));
        Assert.True(log.TryAppend("clicks", 1, 10, Click("b", 2), "e2"));
        Assert.False(log.TryAppend("clicks", 0, 10, Click("a", 1), "e1"));
        Assert.False(log.TryAppend("clicks", 0, 11, Click("a", 1), "e1"));
        Assert.True(log.TryAppend("clicks", 0, 12, Click("a", 3), null));

        Assert.Equal(3, log.Count);
        Assert.Equal(["1", "2", "3"], log.Snapshot().Select(c => c.ItemId));
    }

    [Fact]
    public void Beyond_the_limit_the_oldest_clicks_go_and_their_event_ids_with_them()
    {
        var log = new ClickLog(Options.Create(new TrainerOptions { MaxClicks = 1000 }));
        for (var i = 0; i < 1101; i++)
        {
            Assert.True(log.TryAppend("clicks", 0, i, Click("s", i), "e" + i));
        }

        Assert.Equal(1000, log.Count);
        Assert.Equal(1101, log.Appended);
        Assert.Equal("101", log.Snapshot()[0].ItemId);
        // The dropped click's event id is forgotten with it; a kept one is still a duplicate.
        Assert.True(log.TryAppend("clicks", 0, 2000, Click("s", 0), "e0"));
        Assert.False(log.TryAppend("clicks", 0, 2001, Click("s", 500), "e500"));
    }

    private static Interaction Click(string session, int item) =>
        new(session, item.ToString(System.Globalization.CultureInfo.InvariantCulture), Time.AddSeconds(item), item);
}
