using System.Globalization;

namespace Streaming.Cli.Commands;

/// <summary>
/// Replay pace: as fast as possible (<c>max</c>), a factor of real time (<c>2</c> = twice as fast as it happened),
/// or a fixed rate (<c>5000/s</c>, for load tests at a steady arrival rate).
/// </summary>
internal readonly record struct ReplaySpeed(double? Factor, double? EventsPerSecond = null)
{
    public static ReplaySpeed Max => new(null);

    public bool IsMax => Factor is null && EventsPerSecond is null;

    public static bool TryParse(string? text, out ReplaySpeed speed)
    {
        speed = Max;
        if (string.IsNullOrWhiteSpace(text) || text.Equals("max", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text.EndsWith("/s", StringComparison.OrdinalIgnoreCase))
        {
            if (double.TryParse(text[..^2], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0 && double.IsFinite(rate))
            {
                speed = new ReplaySpeed(null, rate);
                return true;
            }

            return false;
        }

        if (double.TryParse(text.TrimEnd('x', 'X'), NumberStyles.Float, CultureInfo.InvariantCulture, out var factor)
            && factor > 0 && double.IsFinite(factor))
        {
            speed = new ReplaySpeed(factor);
            return true;
        }

        return false;
    }

    public override string ToString() =>
        Factor is { } f ? f.ToString("0.###", CultureInfo.InvariantCulture) + "x"
        : EventsPerSecond is { } r ? r.ToString("0.###", CultureInfo.InvariantCulture) + "/s"
        : "max";
}
