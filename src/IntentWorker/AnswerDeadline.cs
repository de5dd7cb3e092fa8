namespace Streaming.IntentWorker;

/// <summary>
/// Whether a session's intents can still arrive within <see cref="IntentWorkerOptions.Deadline"/> of its candidate list
/// (the list's Kafka timestamp): the answer would come at now + the expected work per session (a moving average of
/// the work done so far). Later answers are not worth the work: the user has moved on, and the time goes to fresher
/// sessions instead. A zero deadline never drops anything. Thread-safe.
/// </summary>
public sealed class AnswerDeadline(TimeSpan deadline, TimeProvider time)
{
    // Weight of the newest observation in the moving average.
    private const double Smoothing = 0.2;

    private readonly Lock _gate = new();
    private double _expectedTicks;

    public TimeProvider Time { get; } = time;

    /// <summary>The work one session is expected to take.</summary>
    public TimeSpan Expected
    {
        get
        {
            lock (_gate)
            {
                return TimeSpan.FromTicks((long)_expectedTicks);
            }
        }
    }

    /// <summary>True when an answer to a list created at <paramref name="listCreated"/> would come after the deadline.</summary>
    public bool TooLate(DateTimeOffset listCreated) =>
        deadline > TimeSpan.Zero && Time.GetUtcNow() - listCreated + Expected > deadline;

    /// <summary>Records the work one session took.</summary>
    public void Worked(TimeSpan elapsed)
    {
        lock (_gate)
        {
            _expectedTicks = _expectedTicks == 0 ? elapsed.Ticks : ((1 - Smoothing) * _expectedTicks) + (Smoothing * elapsed.Ticks);
        }
    }
}
