using Streaming.Core.Live;

namespace Streaming.Core.Tests.Live;

public sealed class LiveSessionTests
{
    [Fact]
    public void The_window_is_capped_and_the_graph_describes_only_the_window()
    {
        var session = LiveSession.FromClicks(["x", "y", "z", "x", "w"], 3, 5, 0);

        Assert.Equal(["z", "x", "w"], session.Items);
        Assert.Equal(["z", "x", "w"], session.Nodes);
        Assert.Equal([new SessionEdge(0, 1, 1), new SessionEdge(1, 2, 1)], session.Edges);
    }
}
