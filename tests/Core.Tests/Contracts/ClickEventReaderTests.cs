using System.Text;
using System.Text.Json;
using Streaming.Core.Contracts;

namespace Streaming.Core.Tests.Contracts;

public sealed class ClickEventReaderTests
{
    [Fact]
    public void Reads_ISO_8601_and_epoch_millisecond_timestamps_to_the_same_instant()
    {
        var iso = Read("""{"sessionId":"s1","itemId":"i1","timestamp":"2014-03-01T12:00:00.250Z"}""");
        var epoch = Read("""{"sessionId":"s1","itemId":"i1","timestamp":1393675200250}""");

        Assert.Equal(iso.Timestamp, epoch.Timestamp);
        Assert.Equal(new DateTimeOffset(2014, 3, 1, 12, 0, 0, 250, TimeSpan.Zero), iso.Timestamp);
    }

    [Fact]
    public void A_time_without_offset_is_UTC_and_offsets_are_normalised()
    {
        Assert.Equal(TimeSpan.Zero, Read("""{"sessionId":"s","itemId":"i","timestamp":"2020-01-01T10:00:00"}""").Timestamp.Offset);
        Assert.Equal(
            new DateTimeOffset(2020, 1, 1, 8, 0, 0, TimeSpan.Zero),
            Read("""{"sessionId":"s","itemId":"i","timestamp":"2020-01-01T10:00:00+02:00"}""").Timestamp);
    }

    [Fact]
    public void Optional_fields_and_unknown_fields()
    {
        var click = Read("""{"sessionId":"s","itemId":"i","timestamp":1600000000000,"eventId":"e-1","userId":null,"extra":{"nested":[1,2]},"v":1}""");

        Assert.Equal("e-1", click.EventId);
        Assert.Null(click.UserId);
        Assert.Equal(1, click.V);
    }

    [Fact]
    public void Numeric_ids_are_taken_as_their_text()
    {
        var click = Read("""{"sessionId":42,"itemId":1234,"timestamp":1600000000000}""");
        Assert.Equal(("42", "1234"), (click.SessionId, click.ItemId));
    }

    [Theory]
    [InlineData("not json", ClickRejection.InvalidJson)]
    [InlineData("[1,2]", ClickRejection.InvalidJson)]
    [InlineData("""{"sessionId":"s","itemId":"i","timestamp":1600000000000} trailing""", ClickRejection.InvalidJson)]
    [InlineData("""{"itemId":"i","timestamp":1600000000000}""", ClickRejection.MissingField)]
    [InlineData("""{"sessionId":"s","timestamp":1600000000000}""", ClickRejection.MissingField)]
    [InlineData("""{"sessionId":"s","itemId":"i"}""", ClickRejection.MissingField)]
    [InlineData("""{"sessionId":"","itemId":"i","timestamp":1600000000000}""", ClickRejection.InvalidId)]
    [InlineData("""{"sessionId":"a\u0001b","itemId":"i","timestamp":1600000000000}""", ClickRejection.InvalidId)]
    [InlineData("""{"sessionId":["s"],"itemId":"i","timestamp":1600000000000}""", ClickRejection.WrongType)]
    [InlineData("""{"sessionId":"s","itemId":"i","timestamp":"yesterday"}""", ClickRejection.InvalidTimestamp)]
    [InlineData("""{"sessionId":"s","itemId":"i","timestamp":1.5}""", ClickRejection.InvalidTimestamp)]
    [InlineData("""{"sessionId":"s","itemId":"i","timestamp":true}""", ClickRejection.WrongType)]
    [InlineData("""{"sessionId":"s","itemId":"i","timestamp":1600000000}""", ClickRejection.TimestampOutOfRange)]
    [InlineData("""{"sessionId":"s","itemId":"i","timestamp":"2150-01-01T00:00:00Z"}""", ClickRejection.TimestampOutOfRange)]
    [InlineData("""{"sessionId":"s","itemId":"i","timestamp":1600000000000,"v":2}""", ClickRejection.UnsupportedVersion)]
    public void Rejects_with_a_stable_reason(string json, string code)
    {
        Assert.False(ClickEventReader.TryRead(Encoding.UTF8.GetBytes(json), out _, out var rejection));
        Assert.Equal(code, rejection!.Code);
        Assert.False(string.IsNullOrWhiteSpace(rejection.Message));
    }

    public static TheoryData<string, byte[]> MalformedUnicode => new()
    {
        { "lone surrogate escape", Encoding.UTF8.GetBytes("""{"sessionId":"s","itemId":"\ud800","timestamp":1600000000000}""") },
        { "invalid UTF-8 byte", Bytes("""{"sessionId":"s","itemId":"a""", [0xFF], "\",\"timestamp\":1600000000000}") },
        { "UTF-8-encoded surrogate", Bytes("""{"sessionId":"s""", [0xED, 0xA0, 0x80], "\",\"itemId\":\"i\",\"timestamp\":1600000000000}") },
        { "truncated sequence", Bytes("""{"sessionId":"s","itemId":"i","eventId":"e""", [0xC3], "\",\"timestamp\":1600000000000}") },
        { "invalid property name", Bytes("""{"sessionId":"s","itemId":"i","timestamp":1600000000000,"x""", [0xFF], "\":1}") },
    };

    [Theory]
    [MemberData(nameof(MalformedUnicode))]
    public void Rejects_malformed_Unicode_as_invalid_encoding(string pattern, byte[] message)
    {
        Assert.False(ClickEventReader.TryRead(message, out _, out var rejection), pattern);
        Assert.Equal(ClickRejection.InvalidEncoding, rejection!.Code);
    }

    [Fact]
    public void Accepts_an_escaped_surrogate_pair()
    {
        Assert.Equal("\U0001F600", Read("""{"sessionId":"s","itemId":"\ud83d\ude00","timestamp":1600000000000}""").ItemId);
    }

    [Fact]
    public void Rejects_ids_over_the_limit_and_oversized_messages()
    {
        var longId = new string('x', ClickEventRules.MaxIdLength + 1);
        Assert.False(ClickEventReader.TryRead(Encoding.UTF8.GetBytes($$"""{"sessionId":"{{longId}}","itemId":"i","timestamp":1600000000000}"""), out _, out var tooLong));
        Assert.Equal(ClickRejection.IdTooLong, tooLong!.Code);

        var padding = new string(' ', ClickEventRules.MaxMessageBytes);
        Assert.False(ClickEventReader.TryRead(Encoding.UTF8.GetBytes($$"""{"sessionId":"s","itemId":"i","timestamp":1600000000000}{{padding}}"""), out _, out var tooLarge));
        Assert.Equal(ClickRejection.TooLarge, tooLarge!.Code);
    }

    [Fact]
    public void Read_throws_an_exception_carrying_the_rejection()
    {
        var error = Assert.Throws<InvalidClickException>(() => ClickEventReader.Read("{}"u8));
        Assert.Equal(ClickRejection.MissingField, error.Rejection.Code);
    }

    [Fact]
    public void Writer_output_reads_back_to_an_equal_click_in_camelCase()
    {
        var click = new ClickEvent("s-1", "B000123", DateTimeOffset.FromUnixTimeMilliseconds(1_400_000_000_123), "e-9", "u-7");
        var bytes = ClickEventWriter.Write(click);

        Assert.Equal(click, ClickEventReader.Read(bytes));
        using var document = JsonDocument.Parse(bytes);
        Assert.Equal(1_400_000_000_123, document.RootElement.GetProperty("timestamp").GetInt64());
        Assert.Equal("s-1", document.RootElement.GetProperty("sessionId").GetString());
    }

    private static ClickEvent Read(string json) => ClickEventReader.Read(Encoding.UTF8.GetBytes(json));

    private static byte[] Bytes(string before, byte[] middle, string after) =>
        [.. Encoding.UTF8.GetBytes(before), .. middle, .. Encoding.UTF8.GetBytes(after)];
}
