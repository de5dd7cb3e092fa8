using Microsoft.Extensions.Time.Testing;

namespace Streaming.IntentWorker.Tests;

public sealed class AnswerDeadlineTests
{
    private static readonly DateTimeOffset Created = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_list_is_too_late_when_its_age_plus_the_expected_work_passes_the_deadline()
    {
        var time = new FakeTimeProvider(Created);
        var deadline = new AnswerDeadline(TimeSpan.FromSeconds(5), time);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(deadline.TooLate(Created));

        // With two seconds of work per session expected, a 4 s old list would be answered at 6 s.
        deadline.Worked(TimeSpan.FromSeconds(2));
        Assert.True(deadline.TooLate(Created));
        Assert.False(deadline.TooLate(Created.AddSeconds(2)));
    }

    [Fact]
    public void The_expected_work_follows_recent_sessions_and_a_zero_deadline_never_drops()
    {
        var time = new FakeTimeProvider(Created);
        var deadline = new AnswerDeadline(TimeSpan.Zero, time);
        deadline.Worked(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 30; i++)
        {
            deadline.Worked(TimeSpan.FromMilliseconds(100));
        }

        Assert.InRange(deadline.Expected, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(120));
        time.Advance(TimeSpan.FromDays(1));
        Assert.False(deadline.TooLate(Created));
    }
}
