namespace Streaming.Core.Graph;

/// <summary>
/// The graph of one session as SR-GNN consumes it: the unique items (ascending), the node of each
/// click position, and the normalised in/out adjacency.
/// </summary>
/// <remarks>
/// Both adjacency matrices are <c>n x n</c>, row-major, in the orientation the model multiplies with
/// the node states (row = the node being updated): <c>In[v, u] = A[u, v] / sum_x A[x, v]</c> (mean over
/// the predecessors of v) and <c>Out[u, v] = A[u, v] / sum_x A[u, x]</c> (mean over the successors of
/// u), where A is the raw weighted adjacency and an empty row or column divides by 1. This equals the
/// two halves of the <c>n x 2n</c> matrix built by the official SR-GNN code.
/// </remarks>
public sealed class SessionGraph
{
    internal SessionGraph(int[] nodes, int[] alias, float[] inAdjacency, float[] outAdjacency)
    {
        Nodes = nodes;
        Alias = alias;
        InAdjacency = inAdjacency;
        OutAdjacency = outAdjacency;
    }

    /// <summary>The unique item indices of the session, ascending.</summary>
    public IReadOnlyList<int> Nodes { get; }

    /// <summary>For each click position, the index of its item in <see cref="Nodes"/>.</summary>
    public IReadOnlyList<int> Alias { get; }

    /// <summary><c>NodeCount x NodeCount</c>, row-major: row v averages over the predecessors of v.</summary>
    public IReadOnlyList<float> InAdjacency { get; }

    /// <summary><c>NodeCount x NodeCount</c>, row-major: row u averages over the successors of u.</summary>
    public IReadOnlyList<float> OutAdjacency { get; }

    public int NodeCount => Nodes.Count;

    public int Length => Alias.Count;

    /// <summary>The position of the last click, whose node is the session's "last item" for the readout.</summary>
    public int LastPosition => Alias.Count - 1;

    /// <summary>The node index of the last click.</summary>
    public int LastNode => Alias[^1];

    /// <summary>The normalised incoming weight of the edge from node <paramref name="from"/> into node <paramref name="to"/>.</summary>
    public float In(int to, int from) => InAdjacency[(to * NodeCount) + from];

    /// <summary>The normalised outgoing weight of the edge from node <paramref name="from"/> to node <paramref name="to"/>.</summary>
    public float Out(int from, int to) => OutAdjacency[(from * NodeCount) + to];
}
