namespace Streaming.IntentWorker.Providers;

/// <summary>
/// Stops asking a failing LLM: after <c>failureThreshold</c> consecutive failed requests it opens and refuses every
/// request for <c>breakDuration</c>; then one trial request may pass (half-open): success closes it, failure opens it
/// again. Thread-safe.
/// </summary>
public sealed class CircuitBreaker(int failureThreshold, TimeSpan breakDuration, TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _failures;
    private DateTimeOffset _openUntil = DateTimeOffset.MinValue;
    private bool _trialInFlight;

    public bool IsOpen
    {
        get
        {
            lock (_gate)
            {
                return _failures >= failureThreshold && (time.GetUtcNow() < _openUntil || _trialInFlight);
            }
        }
    }

    /// <summary>True when a request may go out now; the caller must then report its outcome.</summary>
    public bool TryAcquire()
    {
        lock (_gate)
        {
            if (_failures < failureThreshold)
            {
                return true;
            }

            if (time.GetUtcNow() < _openUntil || _trialInFlight)
            {
                return false;
            }

            _trialInFlight = true;
            return true;
        }
    }

    public void RecordSuccess()
    {
        lock (_gate)
        {
            _failures = 0;
            _trialInFlight = false;
        }
    }

    public void RecordFailure()
    {
        lock (_gate)
        {
            _failures++;
            _trialInFlight = false;
            if (_failures >= failureThreshold)
            {
                _openUntil = time.GetUtcNow() + breakDuration;
            }
        }
    }

    /// <summary>A request that went out but ended without an outcome (shutdown): a trial may be made again.</summary>
    public void Abandon()
    {
        lock (_gate)
        {
            _trialInFlight = false;
        }
    }
}
