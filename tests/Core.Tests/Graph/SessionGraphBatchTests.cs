using Streaming.Core.Graph;

namespace Streaming.Core.Tests.Graph;

public sealed class SessionGraphBatchTests
{
    [Fact]
    public void Pack_pads_to_the_largest_session_and_keeps_each_graph()
    {
        var builder = new SessionGraphBuilder();
        var first = builder.Build([5, 3, 5, 7, 3]);
        var second = builder.Build([8, 9]);

        var batch = SessionGraphBatch.Pack([first, second]);

        Assert.Equal(2, batch.BatchSize);
        Assert.Equal(3, batch.MaxNodes);
        Assert.Equal(5, batch.MaxLength);
        Assert.Equal([3L, 5, 7, 8, 9, 0], batch.Items);
        Assert.Equal([1L, 0, 1, 2, 0, 0, 1, 0, 0, 0], batch.Alias);
        Assert.Equal([1f, 1, 1, 1, 1, 1, 1, 0, 0, 0], batch.Mask);
        Assert.Equal([0L, 1], batch.LastNode);
        Assert.Equal([5L, 2], batch.Lengths);

        // Second graph: node 0 (item 8) -> node 1 (item 9); the padding row and column stay zero.
        float[] secondOut = [0, 1, 0, 0, 0, 0, 0, 0, 0];
        float[] secondIn = [0, 0, 0, 1, 0, 0, 0, 0, 0];
        Assert.Equal(secondOut, batch.OutAdjacency.AsSpan(9, 9).ToArray());
        Assert.Equal(secondIn, batch.InAdjacency.AsSpan(9, 9).ToArray());
        Assert.Equal(first.OutAdjacency, batch.OutAdjacency.AsSpan(0, 9).ToArray());
    }

    [Fact]
    public void Pack_rejects_an_empty_batch() =>
        Assert.Throws<ArgumentException>(() => SessionGraphBatch.Pack([]));
}
