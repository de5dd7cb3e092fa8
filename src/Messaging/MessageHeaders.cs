using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace Streaming.Messaging;

/// <summary>
/// The causation headers every message that stems from a click carries: W3C <c>traceparent</c> and <c>click-time</c>
/// (the originating click's event time, epoch milliseconds as ASCII decimal so <c>kcat</c> shows it).
/// </summary>
public static class MessageHeaders
{
    public const string TraceParent = "traceparent";
    public const string ClickTime = "click-time";

    /// <summary>The last value of header <paramref name="key"/> as UTF-8 text, or null.</summary>
    public static string? GetString(Headers? headers, string key) =>
        headers is not null && headers.TryGetLastBytes(key, out var bytes) && bytes is not null
            ? Encoding.UTF8.GetString(bytes)
            : null;

    /// <summary>Replaces header <paramref name="key"/> with a UTF-8 value.</summary>
    public static void SetString(Headers headers, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers.Remove(key);
        headers.Add(key, Encoding.UTF8.GetBytes(value));
    }

    public static void SetTraceParent(Headers headers, ActivityContext context)
    {
        var flags = (context.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00";
        SetString(headers, TraceParent, $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{flags}");
    }

    public static bool TryGetTraceParent(Headers? headers, out ActivityContext context)
    {
        context = default;
        return GetString(headers, TraceParent) is { } value && ActivityContext.TryParse(value, null, out context);
    }

    public static void SetClickTime(Headers headers, DateTimeOffset clickTime) =>
        SetString(headers, ClickTime, clickTime.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    public static bool TryGetClickTime(Headers? headers, out DateTimeOffset clickTime)
    {
        clickTime = default;
        if (!long.TryParse(GetString(headers, ClickTime), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
        {
            return false;
        }

        clickTime = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return true;
    }

    /// <summary>
    /// Headers for a message caused by a consumed one: its <c>click-time</c> is carried over; <c>traceparent</c> is
    /// the current activity when it belongs to the source's trace (a span of this process), else the source's own
    /// trace parent, else the current activity.
    /// </summary>
    public static Headers CausedBy(Headers? source)
    {
        var headers = new Headers();
        if (source is not null && source.TryGetLastBytes(ClickTime, out var clickTime) && clickTime is not null)
        {
            headers.Add(ClickTime, clickTime);
        }

        var current = Activity.Current;
        if (TryGetTraceParent(source, out var parent))
        {
            SetTraceParent(headers, current is not null && current.TraceId == parent.TraceId ? current.Context : parent);
        }
        else if (current is not null)
        {
            SetTraceParent(headers, current.Context);
        }

        return headers;
    }
}
