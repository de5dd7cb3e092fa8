using System.ClientModel.Primitives;
using System.Globalization;
using Streaming.Messaging;

namespace Streaming.IntentWorker.Providers;

/// <summary>
/// The client's retry policy, set explicitly: <see cref="ClientRetryPolicy"/> decides what to retry (408, 429, 5xx,
/// network errors); this decides how long to wait: the server's Retry-After (seconds or an HTTP date) when given,
/// otherwise exponential backoff from an initial delay; never longer than the cap.
/// </summary>
public sealed class BackoffRetryPolicy(int maxRetries, TimeSpan initialBackoff, TimeSpan maxBackoff) : ClientRetryPolicy(maxRetries)
{
    private readonly ExponentialBackoff _backoff = new(initialBackoff, maxBackoff);

    protected override TimeSpan GetNextDelay(PipelineMessage message, int tryCount)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Response?.Headers.TryGetValue("Retry-After", out var retryAfter) == true && retryAfter is not null)
        {
            if (double.TryParse(retryAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                return Cap(TimeSpan.FromSeconds(Math.Max(0, seconds)));
            }

            if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return Cap(at - DateTimeOffset.UtcNow);
            }
        }

        return _backoff.Delay(tryCount);
    }

    private TimeSpan Cap(TimeSpan delay) => delay < TimeSpan.Zero ? TimeSpan.Zero : delay > maxBackoff ? maxBackoff : delay;
}
