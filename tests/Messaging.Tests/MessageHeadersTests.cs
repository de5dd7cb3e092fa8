using System.Diagnostics;
using Confluent.Kafka;

namespace Streaming.Messaging.Tests;

public sealed class MessageHeadersTests
{
    [Fact]
    public void Click_time_and_trace_parent_round_trip()
    {
        var headers = new Headers();
        var clickTime = DateTimeOffset.FromUnixTimeMilliseconds(1_234_567_890_123);
        var context = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

        MessageHeaders.SetClickTime(headers, clickTime);
        MessageHeaders.SetTraceParent(headers, context);

        Assert.Equal("1234567890123", MessageHeaders.GetString(headers, MessageHeaders.ClickTime));
        Assert.True(MessageHeaders.TryGetClickTime(headers, out var readTime));
        Assert.Equal(clickTime, readTime);
        Assert.True(MessageHeaders.TryGetTraceParent(headers, out var readContext));
        Assert.Equal(context.TraceId, readContext.TraceId);
        Assert.Equal(context.SpanId, readContext.SpanId);
        Assert.Equal(ActivityTraceFlags.Recorded, readContext.TraceFlags);
    }

    [Fact]
    public void Caused_messages_carry_the_click_time_and_stay_in_the_source_trace()
    {
        var source = new Headers();
        var sourceContext = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None);
        MessageHeaders.SetClickTime(source, DateTimeOffset.FromUnixTimeMilliseconds(42));
        MessageHeaders.SetTraceParent(source, sourceContext);

        var caused = MessageHeaders.CausedBy(source);

        Assert.True(MessageHeaders.TryGetClickTime(caused, out var clickTime));
        Assert.Equal(42, clickTime.ToUnixTimeMilliseconds());
        Assert.True(MessageHeaders.TryGetTraceParent(caused, out var context));
        Assert.Equal(sourceContext.TraceId, context.TraceId);
    }

    [Fact]
    public void Missing_or_malformed_headers_are_reported_as_absent()
    {
        var headers = new Headers();
        MessageHeaders.SetString(headers, MessageHeaders.ClickTime, "yesterday");
        MessageHeaders.SetString(headers, MessageHeaders.TraceParent, "nonsense");

        Assert.False(MessageHeaders.TryGetClickTime(headers, out _));
        Assert.False(MessageHeaders.TryGetTraceParent(headers, out _));
        Assert.False(MessageHeaders.TryGetClickTime(null, out _));
        Assert.DoesNotContain(MessageHeaders.CausedBy(null), h => h.Key == MessageHeaders.ClickTime);
    }
}
