using Streaming.Core.Sessions;

namespace Streaming.Core.Tests.Sessions;

public sealed class TimeSplitterTests
{
    private static readonly DateTimeOffset T0 = new(2010, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Session Make(string id, int endDay, params string[] items) =>
        new(id, id, items.Select((item, i) => new SessionClick(item, T0.AddDays(endDay).AddMinutes(i - items.Length), i)).ToList());

    [Fact]
    public void Latest_sessions_are_test_and_the_ones_before_validation()
    {
        var sessions = Enumerable.Range(0, 10).Select(d => Make($"s{d}", d, "a", "b")).Reverse().ToList();
        var split = TimeSplitter.Split(sessions, new TimeSplitOptions { ValidationFraction = 0.2, TestFraction = 0.2 });

        Assert.Equal(6, split.Train.Count);
        Assert.Equal(["s7", "s6"], split.Validation.Select(s => s.Id));
        Assert.Equal(["s9", "s8"], split.Test.Select(s => s.Id));
        Assert.All(split.Train, s => Assert.True(s.EndTime < split.ValidationStart));
        Assert.All(split.Test, s => Assert.True(s.EndTime >= split.TestStart));
    }

    [Fact]
    public void Ties_land_on_one_side_and_unseen_items_are_dropped()
    {
        List<Session> sessions =
        [
            Make("s0", 0, "a", "b"), Make("s1", 1, "a", "c"), Make("s2", 2, "b", "c"),
            Make("t1", 3, "a", "new", "b"), Make("t2", 3, "new", "c"),
        ];
        var split = TimeSplitter.Split(sessions, new TimeSplitOptions { ValidationFraction = 0, TestFraction = 0.2 });

        Assert.Equal(["s0", "s1", "s2"], split.Train.Select(s => s.Id));
        Assert.Equal(["t1"], split.Test.Select(s => s.Id));
        Assert.Equal(["a", "b"], split.Test[0].Clicks.Select(c => c.ItemId));
    }

    [Fact]
    public void Sessions_without_times_cannot_be_split_by_time()
    {
        var sessions = Enumerable.Range(0, 3).Select(i => new Session($"s{i}", "u", [new SessionClick("a", null, 0)])).ToList();
        Assert.Throws<InvalidOperationException>(() => TimeSplitter.Split(sessions, new TimeSplitOptions()));
    }
}
