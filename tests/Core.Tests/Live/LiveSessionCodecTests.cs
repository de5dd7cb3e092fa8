using Streaming.Core.Live;

namespace Streaming.Core.Tests.Live;

public sealed class LiveSessionCodecTests
{
    [Fact]
    public void Encode_then_decode_gives_the_same_session()
    {
        var session = LiveSession.FromClicks(["a", "b", "a", "ü-é", "b", "b"], 50, 6, 1_700_000_000_123);

        var decoded = LiveSessionCodec.Decode(LiveSessionCodec.Encode(session));

        Assert.NotNull(decoded);
        Assert.True(session.SameAs(decoded), $"{decoded} != {session}");
    }

    [Fact]
    public void A_missing_session_decodes_to_null_and_damage_is_reported()
    {
        Assert.Null(LiveSessionCodec.Decode(null));
        Assert.Null(LiveSessionCodec.Decode([]));
        Assert.Throws<FormatException>(() => LiveSessionCodec.Decode("1,0:1,5,3,0,0"u8.ToArray()));

        var truncated = LiveSessionCodec.Encode(LiveSession.FromClicks(["a", "b"], 50, 2, 0))[..^1];
        Assert.Throws<FormatException>(() => LiveSessionCodec.Decode(truncated));
    }

    [Fact]
    public void The_window_is_capped_and_the_graph_describes_only_the_window()
    {
        var session = LiveSession.FromClicks(["x", "y", "z", "x", "w"], 3, 5, 0);

        Assert.Equal(["z", "x", "w"], session.Items);
        Assert.Equal(["z", "x", "w"], session.Nodes);
        Assert.Equal([new SessionEdge(0, 1, 1), new SessionEdge(1, 2, 1)], session.Edges);
    }
}
