namespace Streaming.IntentWorker;

/// <summary>
/// The LLM's request limits in this process: at most <c>perMinute</c> requests in any rolling minute and at most
/// <c>perDay</c> per UTC day (0 = no limit). Over a limit the request is skipped, not delayed: intents are optional.
/// </summary>
public sealed class RequestAllowance(int perMinute, int perDay, TimeProvider time)
{
    public const string RateLimited = "rate-limit";
    public const string BudgetSpent = "daily-budget";

    private readonly Lock _gate = new();
    private readonly Queue<DateTimeOffset> _recent = new();
    private DateOnly _day;
    private int _today;

    public static RequestAllowance Unlimited { get; } = new(0, 0, TimeProvider.System);

    /// <summary>Null when a request may go out now (and counts it), else the reason it may not.</summary>
    public string? TryTake()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var day = DateOnly.FromDateTime(now.UtcDateTime);
            if (day != _day)
            {
                (_day, _today) = (day, 0);
            }

            if (perDay > 0 && _today >= perDay)
            {
                return BudgetSpent;
            }

            while (_recent.Count > 0 && now - _recent.Peek() >= TimeSpan.FromMinutes(1))
            {
                _recent.Dequeue();
            }

            if (perMinute > 0 && _recent.Count >= perMinute)
            {
                return RateLimited;
            }

            if (perMinute > 0)
            {
                _recent.Enqueue(now);
            }

            _today++;
            return null;
        }
    }
}
