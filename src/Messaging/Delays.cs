namespace Streaming.Messaging;

/// <summary>Waiting that ends early, without an exception, when the loop stops.</summary>
internal static class Delays
{
    /// <summary>False when <paramref name="cancellationToken"/> fired before <paramref name="delay"/> passed.</summary>
    public static async Task<bool> TryDelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
