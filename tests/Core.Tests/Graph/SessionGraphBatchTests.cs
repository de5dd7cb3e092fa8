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

    [Fact]
    public void Edge_list_layout_describes_the_same_graph_as_the_dense_layout()
    {
        var builder = new SessionGraphBuilder();
        var first = builder.Build([5, 3, 5, 7, 3]);
        var second = builder.Build([8, 9]);

        var batch = SessionGraphBatch.Pack([first, second], SessionGraphLayout.EdgeList);

        Assert.Empty(batch.InAdjacency);
        Assert.Equal([3L, 5, 7, 8, 9], batch.FlatItems);
        Assert.Equal([1L, 0, 1, 2, 0, 3, 4, 0, 0, 0], batch.FlatAlias);
        Assert.Equal([0L, 4], batch.FlatLastNode);

        // First graph edges (row-major over u, v): 0->1, 1->0, 1->2, 2->0; then the second graph's 3->4.
        Assert.Equal([0L, 1, 1, 2, 3], batch.EdgeFrom);
        Assert.Equal([1L, 0, 2, 0, 4], batch.EdgeTo);
        Assert.Equal([1f, 0.5f, 0.5f, 1f, 1f], batch.EdgeOutWeight);
        Assert.Equal([1f, 0.5f, 1f, 0.5f, 1f], batch.EdgeInWeight);
    }

    [Fact]
    public void Random_batches_agree_between_layouts()
    {
        var random = new Random(3);
        var builder = new SessionGraphBuilder(EdgeWeighting.Count);
        var graphs = Enumerable.Range(0, 20)
            .Select(_ => builder.Build(Enumerable.Range(0, random.Next(1, 12)).Select(_ => random.Next(1, 9)).ToArray()))
            .ToList();

        var batch = SessionGraphBatch.Pack(graphs);

        var offset = 0;
        var denseIn = new float[batch.InAdjacency.Length];
        var denseOut = new float[batch.OutAdjacency.Length];
        for (var b = 0; b < graphs.Count; b++)
        {
            for (var i = 0; i < graphs[b].NodeCount; i++)
            {
                Assert.Equal(batch.Items[(b * batch.MaxNodes) + i], batch.FlatItems[offset + i]);
            }

            for (var e = 0; e < batch.EdgeFrom.Length; e++)
            {
                var u = batch.EdgeFrom[e] - offset;
                var v = batch.EdgeTo[e] - offset;
                if (u >= 0 && u < graphs[b].NodeCount)
                {
                    var m = b * batch.MaxNodes * batch.MaxNodes;
                    denseIn[m + (v * batch.MaxNodes) + u] = batch.EdgeInWeight[e];
                    denseOut[m + (u * batch.MaxNodes) + v] = batch.EdgeOutWeight[e];
                }
            }

            Assert.Equal(batch.Alias[b * batch.MaxLength] + offset, batch.FlatAlias[b * batch.MaxLength]);
            Assert.Equal(batch.LastNode[b] + offset, batch.FlatLastNode[b]);
            offset += graphs[b].NodeCount;
        }

        Assert.Equal(batch.InAdjacency, denseIn);
        Assert.Equal(batch.OutAdjacency, denseOut);
    }
}
