using Streaming.Core.Sessions;

namespace Streaming.Core.Tests.Sessions;

public sealed class SessionStatisticsTests
{
    [Fact]
    public void Counts_clicks_sessions_users_items_and_lengths()
    {
        var t = new DateTimeOffset(2005, 1, 1, 0, 0, 0, TimeSpan.Zero);
        List<Session> sessions =
        [
            new("u1", "u1", [new("a", t, 0), new("b", t.AddDays(1), 1), new("a", t.AddDays(2), 2)]),
            new("u1#2", "u1", [new("c", t.AddDays(9), 3)]),
            new("u2", "u2", [new("b", t.AddDays(-1), 0), new("d", t, 1)]),
        ];

        var stats = SessionStatistics.Compute(sessions);

        Assert.Equal(6, stats.Clicks);
        Assert.Equal(3, stats.Sessions);
        Assert.Equal(2, stats.Users);
        Assert.Equal(4, stats.Items);
        Assert.Equal(2.0, stats.AverageLength);
        Assert.Equal((1, 3, 2), (stats.MinLength, stats.MaxLength, stats.SessionsOfLengthAtLeastTwo));
        Assert.Equal(t.AddDays(-1), stats.FirstClick);
        Assert.Equal(t.AddDays(9), stats.LastClick);
    }
}
