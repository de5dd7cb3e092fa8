namespace Streaming.Core.Sessions;

/// <summary>Sessionisation rules; <see cref="Validate"/> before use.</summary>
public sealed record SessionizerOptions
{
    public SessionBoundary Boundary { get; init; } = SessionBoundary.PerUser;

    /// <summary>For <see cref="SessionBoundary.InactivityGap"/>: a longer pause starts a new session.</summary>
    public TimeSpan InactivityGap { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Measure the gap from the session's first click instead of the previous one (the paper's ML-1M
    /// rule: a new session when a rating comes more than 5 minutes after the session's first rating).
    /// </summary>
    public bool GapFromSessionStart { get; init; }

    /// <summary>Also start a new session at every UTC midnight (the paper's ML-1M rule: same user, same day).</summary>
    public bool SplitAtUtcMidnight { get; init; }

    /// <summary>For <see cref="SessionBoundary.FixedWindow"/>: clicks per window.</summary>
    public int WindowLength { get; init; } = 20;

    /// <summary>Longer sessions are cut into consecutive pieces of at most this many clicks; 0 = no limit. No click is dropped.</summary>
    public int MaxLength { get; init; }

    /// <summary>Sessions with fewer clicks are dropped (1 keeps everything).</summary>
    public int MinLength { get; init; } = 1;

    /// <summary>The ML-1M rule of the LLM-DMsRec paper (needs real timestamps).</summary>
    public static SessionizerOptions PaperMovieLens { get; } = new()
    {
        Boundary = SessionBoundary.InactivityGap,
        InactivityGap = TimeSpan.FromMinutes(5),
        GapFromSessionStart = true,
        SplitAtUtcMidnight = true,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Boundary is < SessionBoundary.PerUser or > SessionBoundary.FixedWindow)
        {
            throw new ArgumentException($"unknown session boundary {Boundary}", nameof(Boundary));
        }

        if (Boundary == SessionBoundary.InactivityGap && InactivityGap <= TimeSpan.Zero)
        {
            throw new ArgumentException("the inactivity gap must be positive", nameof(InactivityGap));
        }

        if (Boundary == SessionBoundary.FixedWindow && WindowLength < 1)
        {
            throw new ArgumentException("the window length must be at least 1", nameof(WindowLength));
        }

        if (MaxLength < 0)
        {
            throw new ArgumentException("the maximum length must be 0 (no limit) or positive", nameof(MaxLength));
        }

        if (MinLength < 1)
        {
            throw new ArgumentException("the minimum length must be at least 1", nameof(MinLength));
        }
    }
}
