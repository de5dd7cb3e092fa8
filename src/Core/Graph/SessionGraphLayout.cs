namespace Streaming.Core.Graph;

/// <summary>Which forms a <see cref="SessionGraphBatch"/> carries.</summary>
[Flags]
public enum SessionGraphLayout
{
    /// <summary>Padded per-session node and adjacency arrays ([B, N], [B, N, N]): fixed shapes for ONNX graphs.</summary>
    Dense = 1,

    /// <summary>
    /// The batch as one disjoint union of the session graphs: a flat node list and an edge list.
    /// Costs O(nodes + edges) instead of O(B N^2), which matters when a few long sessions set N.
    /// </summary>
    EdgeList = 2,

    Both = Dense | EdgeList,
}
