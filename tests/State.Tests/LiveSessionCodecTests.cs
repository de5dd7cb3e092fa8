using System.Text;
using Streaming.Core.Live;

namespace Streaming.State.Tests;

public sealed class LiveSessionCodecTests
{
    [Fact]
    public void Encode_then_decode_gives_the_same_session_and_answered_version()
    {
        var session = LiveSession.FromClicks(["a", "b", "a", "ü-é", "b", "b"], 50, 6, 1_700_000_000_123);

        var decoded = LiveSessionCodec.DecodeStored(LiveSessionCodec.Encode(session, answeredVersion: 4));

        Assert.NotNull(decoded);
        Assert.True(session.SameAs(decoded.Session), $"{decoded.Session} != {session}");
        Assert.Equal(4, decoded.AnsweredVersion);
        Assert.False(decoded.IsAnswered);
        Assert.StartsWith("F2,", Encoding.ASCII.GetString(LiveSessionCodec.Encode(session)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_session_stored_in_format_1_is_still_read()
    {
        // Bytes as the format-1 script wrote them: v3, applied at 0:17, last click at ms 1700000000000, window a b a,
        // edges a>b b>a, one event-id fingerprint.
        var blob = Format1("3,0:17,1700000000000,3,6,8", "a\u001fb", [1, 2, 1], [1, 2, 1, 2, 1, 1], [1, 2, 3, 4, 5, 6, 7, 8]);

        var decoded = LiveSessionCodec.DecodeStored(blob);

        Assert.NotNull(decoded);
        Assert.True(LiveSession.FromClicks(["a", "b", "a"], 50, 3, 1_700_000_000_000).SameAs(decoded.Session), decoded.Session.ToString());
        Assert.Equal(0, decoded.AnsweredVersion);
    }

    [Fact]
    public void A_missing_session_decodes_to_null_and_damage_or_an_unknown_format_is_reported()
    {
        Assert.Null(LiveSessionCodec.Decode(null));
        Assert.Null(LiveSessionCodec.Decode([]));
        Assert.Throws<FormatException>(() => LiveSessionCodec.Decode("1,0:1,5,3,0,0"u8.ToArray()));

        var truncated = LiveSessionCodec.Encode(LiveSession.FromClicks(["a", "b"], 50, 2, 0))[..^1];
        Assert.Throws<FormatException>(() => LiveSessionCodec.Decode(truncated));

        var future = Format1("F3,1,0:1,5,0,1,0,0", "a", [1], [], []);
        Assert.Contains("format '3'", Assert.Throws<FormatException>(() => LiveSessionCodec.Decode(future)).Message, StringComparison.Ordinal);
    }

    internal static byte[] Format1(string header, string nodes, byte[] window, byte[] edges, byte[] eventIds) =>
    [
        .. Encoding.ASCII.GetBytes(header), LiveSessionCodec.SectionSeparator, .. Encoding.UTF8.GetBytes(nodes),
        LiveSessionCodec.SectionSeparator, .. window, .. edges, .. eventIds,
    ];
}
