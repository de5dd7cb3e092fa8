using Streaming.Core.Graph;

namespace Streaming.Core.Tests.Graph;

public sealed class SessionGraphBuilderTests
{
    [Fact]
    public void Nodes_are_unique_ascending_and_alias_maps_each_position()
    {
        var graph = new SessionGraphBuilder().Build([5, 3, 5, 7, 3]);

        Assert.Equal([3, 5, 7], graph.Nodes);
        Assert.Equal([1, 0, 1, 2, 0], graph.Alias);
        Assert.Equal(4, graph.LastPosition);
        Assert.Equal(0, graph.LastNode);
    }

    [Fact]
    public void Adjacency_is_normalised_like_the_reference_code()
    {
        // Edges 5->3, 3->5, 5->7, 7->3 on nodes [3, 5, 7] = indices 0, 1, 2.
        var graph = new SessionGraphBuilder().Build([5, 3, 5, 7, 3]);

        // In: row v, mean over predecessors of v. Node 0 (item 3) is entered from 1 and 2.
        float[] expectedIn =
        [
            0f, 0.5f, 0.5f,
            1f, 0f, 0f,
            0f, 1f, 0f,
        ];

        // Out: row u, mean over successors of u. Node 1 (item 5) leaves to 0 and 2.
        float[] expectedOut =
        [
            0f, 1f, 0f,
            0.5f, 0f, 0.5f,
            1f, 0f, 0f,
        ];
        Assert.Equal(expectedIn, graph.InAdjacency);
        Assert.Equal(expectedOut, graph.OutAdjacency);
        Assert.Equal(0.5f, graph.In(to: 0, from: 2));
        Assert.Equal(0.5f, graph.Out(from: 1, to: 2));
    }

    [Fact]
    public void Binary_weighting_ignores_repeats_and_count_weighting_counts_them()
    {
        // 1->2 twice, 2->1, 1->3, 3->1: node 0 (item 1) leaves to 1 (x2) and 2 (x1).
        int[] clicks = [1, 2, 1, 3, 1, 2];

        var binary = new SessionGraphBuilder(EdgeWeighting.Binary).Build(clicks);
        var counted = new SessionGraphBuilder(EdgeWeighting.Count).Build(clicks);

        Assert.Equal(0.5f, binary.Out(0, 1));
        Assert.Equal(0.5f, binary.Out(0, 2));
        Assert.Equal(2f / 3f, counted.Out(0, 1), 6);
        Assert.Equal(1f / 3f, counted.Out(0, 2), 6);
        Assert.Equal(0.5f, counted.In(0, 1));
        Assert.Equal(0.5f, counted.In(0, 2));
    }

    [Fact]
    public void Transition_weights_add_up_per_edge()
    {
        // 2->1 (w 1), 1->2 (w 1), 2->3 (w 3): node 1 (item 2) leaves to 0 and 2 with weights 1 and 3.
        var graph = new SessionGraphBuilder().Build([2, 1, 2, 3], [1f, 1f, 3f]);

        Assert.Equal(0.25f, graph.Out(1, 0));
        Assert.Equal(0.75f, graph.Out(1, 2));
        Assert.Equal(1f, graph.In(2, 1));
    }

    [Fact]
    public void Single_click_has_no_edges_and_a_self_loop_is_kept()
    {
        var single = new SessionGraphBuilder().Build([9]);
        var loop = new SessionGraphBuilder().Build([4, 4]);

        Assert.Equal([9], single.Nodes);
        Assert.Equal([0f], single.InAdjacency);
        Assert.Equal([0f], single.OutAdjacency);
        Assert.Equal([0, 0], loop.Alias);
        Assert.Equal([1f], loop.InAdjacency);
        Assert.Equal([1f], loop.OutAdjacency);
    }

    [Fact]
    public void Bad_input_is_rejected()
    {
        var builder = new SessionGraphBuilder();

        Assert.Throws<ArgumentException>(() => builder.Build([]));
        Assert.Throws<ArgumentException>(() => builder.Build([1, 0, 2]));
        Assert.Throws<ArgumentException>(() => builder.Build([1, 2], [1f, 2f]));
        Assert.Throws<ArgumentException>(() => builder.Build([1, 2], [0f]));
        Assert.Throws<ArgumentException>(() => builder.Build([1, 2], [float.NaN]));
    }

    [Fact]
    public void Matches_a_dense_reimplementation_of_the_reference_formula_on_random_sessions()
    {
        var random = new Random(17);
        var builder = new SessionGraphBuilder();
        for (var trial = 0; trial < 200; trial++)
        {
            var clicks = Enumerable.Range(0, random.Next(1, 15)).Select(_ => random.Next(1, 8)).ToArray();
            var graph = builder.Build(clicks);
            var (expectedIn, expectedOut) = Reference(clicks);

            Assert.Equal(expectedIn, graph.InAdjacency);
            Assert.Equal(expectedOut, graph.OutAdjacency);
            for (var p = 0; p < clicks.Length; p++)
            {
                Assert.Equal(clicks[p], graph.Nodes[graph.Alias[p]]);
            }
        }
    }

    // The reference builds A (n x n), A_in = A / column sums, A_out = A^T / row sums, then
    // transpose(concat(A_in, A_out)) of shape n x 2n; the halves are returned as two n x n matrices.
    private static (float[] In, float[] Out) Reference(int[] clicks)
    {
        var node = clicks.Distinct().Order().ToArray();
        var n = node.Length;
        var a = new float[n, n];
        for (var i = 0; i + 1 < clicks.Length; i++)
        {
            a[Array.IndexOf(node, clicks[i]), Array.IndexOf(node, clicks[i + 1])] = 1;
        }

        var aIn = new float[n, n];
        var aOut = new float[n, n];
        for (var col = 0; col < n; col++)
        {
            var sumIn = 0f;
            var sumOut = 0f;
            for (var row = 0; row < n; row++)
            {
                sumIn += a[row, col];
                sumOut += a[col, row];
            }

            for (var row = 0; row < n; row++)
            {
                aIn[row, col] = a[row, col] / (sumIn == 0 ? 1 : sumIn);
            }

            // A^T divided by the row sums of A, broadcast over the last axis.
            for (var row = 0; row < n; row++)
            {
                aOut[row, col] = a[col, row] / (sumOut == 0 ? 1 : sumOut);
            }
        }

        var concatenated = new float[2 * n, n];
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                concatenated[r, c] = aIn[r, c];
                concatenated[n + r, c] = aOut[r, c];
            }
        }

        var expectedIn = new float[n * n];
        var expectedOut = new float[n * n];
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                expectedIn[(r * n) + c] = concatenated[c, r];
                expectedOut[(r * n) + c] = concatenated[n + c, r];
            }
        }

        return (expectedIn, expectedOut);
    }
}
