using System.Globalization;

namespace Streaming.Cli.Commands;

/// <summary>Replay pace: as fast as possible (<c>max</c>) or a factor of real time (2 = twice as fast as it happened).</summary>
internal readonly record struct ReplaySpeed(double? Factor)
{
    public static ReplaySpeed Max => new(null);

    public bool IsMax => Factor is null;

    public static bool TryParse(string? text, out ReplaySpeed speed)
    {
        speed = Max;
        if (string.IsNullOrWhiteSpace(text) || text.Equals("max", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (double.TryParse(text.TrimEnd('x', 'X'), NumberStyles.Float, CultureInfo.InvariantCulture, out var factor)
            && factor > 0 && double.IsFinite(factor))
        {
            speed = new ReplaySpeed(factor);
            return true;
        }

        return false;
    }

    public override string ToString() => Factor is { } f ? f.ToString("0.###", CultureInfo.InvariantCulture) + "x" : "max";
}
