using Streaming.Core.Datasets;
using Streaming.Core.Sessions;

namespace Streaming.Core.Tests.Sessions;

public sealed class SessionizerTests
{
    private static readonly DateTimeOffset T0 = new(2001, 1, 1, 23, 50, 0, TimeSpan.Zero);

    private static Interaction At(string user, string item, double minutes, long sequence = 0) =>
        new(user, item, T0.AddMinutes(minutes), sequence);

    private static List<string[]> Items(IEnumerable<Session> sessions) =>
        sessions.Select(s => s.Clicks.Select(c => c.ItemId).ToArray()).ToList();

    [Fact]
    public void Per_user_orders_by_time_then_sequence_and_keeps_user_order()
    {
        var sessions = Sessionizer.Sessionize(
            [At("u2", "c", 5), At("u1", "b", 0, 1), At("u1", "a", 0, 0), At("u1", "z", -1, 9), At("u2", "d", 1)],
            new SessionizerOptions());

        Assert.Equal(["u2", "u1"], sessions.Select(s => s.Id));
        Assert.Equal([["d", "c"], ["z", "a", "b"]], Items(sessions));
        Assert.Equal([0, 1, 2], sessions[1].Clicks.Select(c => c.Position));
    }

    [Fact]
    public void Inactivity_gap_cuts_after_long_pauses_and_numbers_sessions()
    {
        var sessions = Sessionizer.Sessionize(
            [At("u", "a", 0), At("u", "b", 20), At("u", "c", 51), At("u", "d", 60)],
            new SessionizerOptions { Boundary = SessionBoundary.InactivityGap, InactivityGap = TimeSpan.FromMinutes(30) });

        Assert.Equal(["u", "u#2"], sessions.Select(s => s.Id));
        Assert.Equal([["a", "b"], ["c", "d"]], Items(sessions));
        Assert.Equal([2, 3], sessions[1].Clicks.Select(c => c.Position));
    }

    [Fact]
    public void Paper_movielens_rule_measures_from_session_start_and_splits_at_midnight()
    {
        // T0 is 23:50 UTC: +4 min stays on the day, +11 min crosses midnight.
        var sessions = Sessionizer.Sessionize(
            [At("u", "a", 0), At("u", "b", 4), At("u", "c", 6), At("u", "d", 9), At("u", "e", 11)],
            SessionizerOptions.PaperMovieLens);

        Assert.Equal([["a", "b"], ["c", "d"], ["e"]], Items(sessions));
    }

    [Fact]
    public void Fixed_windows_max_length_and_min_length()
    {
        var clicks = Enumerable.Range(0, 7).Select(i => new Interaction("u", $"i{i}", null, i)).ToList();

        var windows = Sessionizer.Sessionize(clicks, new SessionizerOptions { Boundary = SessionBoundary.FixedWindow, WindowLength = 3 });
        Assert.Equal([3, 3, 1], windows.Select(s => s.Length));

        var capped = Sessionizer.Sessionize(clicks, new SessionizerOptions { MaxLength = 4, MinLength = 4 });
        Assert.Equal(["u"], capped.Select(s => s.Id));
        Assert.Equal(["i0", "i1", "i2", "i3"], capped[0].Clicks.Select(c => c.ItemId));
    }

    [Fact]
    public void Gap_sessions_refuse_sources_without_timestamps()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Sessionizer.Sessionize(
            [new Interaction("u", "a", null, 0)], new SessionizerOptions { Boundary = SessionBoundary.InactivityGap }));
        Assert.Contains("timestamps", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_are_rejected() =>
        Assert.Throws<ArgumentException>(() => Sessionizer.Sessionize([], new SessionizerOptions { MinLength = 0 }));
}
