namespace Streaming.Messaging;

/// <summary>
/// Capped exponential backoff, the one used for every retry (the consume loop, dead-lettering, the LLM client):
/// <see cref="Initial"/> doubling per attempt up to <see cref="Max"/>, spread by ±<see cref="Jitter"/> so that many
/// clients do not retry a shared dependency in lockstep.
/// </summary>
/// <param name="Initial">Delay after the first failed attempt.</param>
/// <param name="Max">Longest delay (before jitter).</param>
/// <param name="Jitter">Relative spread, 0 (exact) to 1; 0.2 gives ±20 %.</param>
public sealed record ExponentialBackoff(TimeSpan Initial, TimeSpan Max, double Jitter = 0)
{
    /// <summary>The delay after failed attempt number <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan Delay(int attempt)
    {
        var exponential = Initial.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var capped = Math.Min(exponential, Max.TotalMilliseconds);
        var spread = Jitter <= 0 ? 1 : 1 - Jitter + (2 * Jitter * Random.Shared.NextDouble());
        return TimeSpan.FromMilliseconds(Math.Max(0, capped * spread));
    }
}
