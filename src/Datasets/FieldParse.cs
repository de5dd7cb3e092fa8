using System.Globalization;

namespace Streaming.Core.Datasets;

/// <summary>Invariant-culture field parsing shared by the readers.</summary>
internal static class FieldParse
{
    public static bool Int(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    public static bool Long(ReadOnlySpan<char> text, out long value) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    public static bool Double(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>Splits pipe-separated lists (categories, genres), dropping empty entries.</summary>
    public static string[] PipeList(string? text) =>
        string.IsNullOrEmpty(text) ? [] : text.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// Parses a timestamp written as epoch seconds, epoch milliseconds (values above 1e11) or ISO-8601.
    /// </summary>
    public static bool Timestamp(string text, out DateTimeOffset value)
    {
        value = default;
        var trimmed = text.AsSpan().Trim();
        if (Long(trimmed, out var epoch))
        {
            if (epoch < 0)
            {
                return false;
            }

            value = epoch > 100_000_000_000L
                ? DateTimeOffset.FromUnixTimeMilliseconds(epoch)
                : DateTimeOffset.FromUnixTimeSeconds(epoch);
            return true;
        }

        if (Double(trimmed, out var seconds) && seconds >= 0 && seconds < 1e11)
        {
            value = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
            return true;
        }

        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }
}
