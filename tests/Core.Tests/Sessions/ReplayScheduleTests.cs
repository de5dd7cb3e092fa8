using Streaming.Core.Datasets;
using Streaming.Core.Sessions;

namespace Streaming.Core.Tests.Sessions;

public sealed class ReplayScheduleTests
{
    private static readonly DateTimeOffset Day = new(2012, 5, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Events_follow_event_time_and_keep_each_session_in_order_within_ties()
    {
        // u1 and u2 click several items on the same day (day-resolution timestamps).
        var sessions = Sessionizer.Sessionize(
            [
                new Interaction("u1", "a", Day, 0), new Interaction("u1", "b", Day, 1), new Interaction("u1", "c", Day.AddDays(2), 2),
                new Interaction("u2", "x", Day.AddDays(1), 0), new Interaction("u2", "y", Day, 1), new Interaction("u2", "z", Day, 2),
            ],
            new SessionizerOptions());

        var schedule = ReplaySchedule.Build("beauty", sessions);
        var events = schedule.Events().ToList();

        Assert.False(schedule.SyntheticTimes);
        Assert.Equal(6, schedule.Count);
        Assert.Equal(["a", "y", "b", "z", "x", "c"], events.Select(e => e.ItemId));
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp));
        Assert.Equal(["y", "z", "x"], events.Where(e => e.SessionId == "beauty:u2").Select(e => e.ItemId));
        Assert.Equal("u2", events[1].UserId);
    }

    [Fact]
    public void Event_ids_are_deterministic_and_distinct()
    {
        var sessions = Sessionizer.Sessionize(
            Enumerable.Range(0, 50).Select(i => new Interaction($"u{i % 5}", $"i{i}", Day.AddMinutes(i), i)), new SessionizerOptions());
        var first = ReplaySchedule.Build("csv", sessions).Events().Select(e => e.EventId).ToList();
        var second = ReplaySchedule.Build("csv", sessions).Events().Select(e => e.EventId).ToList();
        Assert.Equal(first, second);
        Assert.Equal(50, first.Distinct().Count());
        Assert.NotEqual(ReplaySchedule.EventId("csv", "u1", 0), ReplaySchedule.EventId("beauty", "u1", 0));
        Assert.Equal("beauty:u1:7", ReplaySchedule.EventId("beauty", "u1", 7));
    }

    [Fact]
    public void Over_long_event_ids_are_hashed_within_the_schema_limit()
    {
        var user = new string('u', 200);
        var id = ReplaySchedule.EventId("csv", user, 3);
        Assert.True(id.Length <= Streaming.Core.Contracts.ClickEventRules.MaxIdLength);
        Assert.StartsWith("csv:h:", id, StringComparison.Ordinal);
        Assert.Equal(id, ReplaySchedule.EventId("csv", user, 3));
        Assert.NotEqual(id, ReplaySchedule.EventId("csv", user, 4));
    }

    [Fact]
    public void Missing_timestamps_are_synthesised_in_user_order_and_flagged()
    {
        var sessions = Sessionizer.Sessionize(
            [new Interaction("1", "m2", null, 1), new Interaction("1", "m1", null, 0), new Interaction("2", "m9", null, 0)],
            new SessionizerOptions());
        var schedule = ReplaySchedule.Build("ml-1m", sessions);
        var events = schedule.Events().ToList();

        Assert.True(schedule.SyntheticTimes);
        Assert.Equal(["m1", "m9", "m2"], events.Select(e => e.ItemId));
        Assert.Equal(ReplaySchedule.SyntheticEpoch, events[0].Timestamp);
        Assert.Equal(ReplaySchedule.SyntheticEpoch + ReplaySchedule.SyntheticStep, events[2].Timestamp);
        Assert.Equal(2, schedule.Events(limit: 2).Count());
    }

    [Fact]
    public void Mixed_timestamps_are_refused()
    {
        var sessions = Sessionizer.Sessionize(
            [new Interaction("1", "a", Day, 0), new Interaction("2", "b", null, 0)], new SessionizerOptions());
        Assert.Throws<InvalidOperationException>(() => ReplaySchedule.Build("x", sessions));
    }
}
