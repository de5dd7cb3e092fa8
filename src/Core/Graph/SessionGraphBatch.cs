namespace Streaming.Core.Graph;

/// <summary>
/// A batch of session graphs as flat, zero-padded, row-major arrays ready to become tensors
/// (TorchSharp or ONNX Runtime). Shapes: <see cref="Items"/> [B, N], <see cref="InAdjacency"/> and
/// <see cref="OutAdjacency"/> [B, N, N], <see cref="Alias"/> and <see cref="Mask"/> [B, L],
/// <see cref="LastNode"/> and <see cref="Lengths"/> [B], where N and L are the largest node count and
/// length in the batch.
/// </summary>
public sealed class SessionGraphBatch
{
    private SessionGraphBatch(int batchSize, int maxNodes, int maxLength)
    {
        BatchSize = batchSize;
        MaxNodes = maxNodes;
        MaxLength = maxLength;
        Items = new long[batchSize * maxNodes];
        InAdjacency = new float[batchSize * maxNodes * maxNodes];
        OutAdjacency = new float[batchSize * maxNodes * maxNodes];
        Alias = new long[batchSize * maxLength];
        Mask = new float[batchSize * maxLength];
        LastNode = new long[batchSize];
        Lengths = new long[batchSize];
    }

    public int BatchSize { get; }

    public int MaxNodes { get; }

    public int MaxLength { get; }

    /// <summary>Item index of each node; padding nodes hold 0.</summary>
    public long[] Items { get; }

    public float[] InAdjacency { get; }

    public float[] OutAdjacency { get; }

    /// <summary>Node index of each click position; padding positions hold 0 and are masked out.</summary>
    public long[] Alias { get; }

    /// <summary>1 for a real click position, 0 for padding.</summary>
    public float[] Mask { get; }

    /// <summary>Node index of each session's last click.</summary>
    public long[] LastNode { get; }

    public long[] Lengths { get; }

    /// <summary>Packs graphs into one padded batch.</summary>
    public static SessionGraphBatch Pack(IReadOnlyList<SessionGraph> graphs)
    {
        ArgumentNullException.ThrowIfNull(graphs);
        if (graphs.Count == 0)
        {
            throw new ArgumentException("A batch needs at least one session.", nameof(graphs));
        }

        var maxNodes = 0;
        var maxLength = 0;
        foreach (var graph in graphs)
        {
            maxNodes = Math.Max(maxNodes, graph.NodeCount);
            maxLength = Math.Max(maxLength, graph.Length);
        }

        var batch = new SessionGraphBatch(graphs.Count, maxNodes, maxLength);
        for (var b = 0; b < graphs.Count; b++)
        {
            var graph = graphs[b];
            var n = graph.NodeCount;
            for (var i = 0; i < n; i++)
            {
                batch.Items[(b * maxNodes) + i] = graph.Nodes[i];
            }

            var matrix = b * maxNodes * maxNodes;
            for (var r = 0; r < n; r++)
            {
                for (var c = 0; c < n; c++)
                {
                    batch.InAdjacency[matrix + (r * maxNodes) + c] = graph.InAdjacency[(r * n) + c];
                    batch.OutAdjacency[matrix + (r * maxNodes) + c] = graph.OutAdjacency[(r * n) + c];
                }
            }

            for (var p = 0; p < graph.Length; p++)
            {
                batch.Alias[(b * maxLength) + p] = graph.Alias[p];
                batch.Mask[(b * maxLength) + p] = 1f;
            }

            batch.LastNode[b] = graph.LastNode;
            batch.Lengths[b] = graph.Length;
        }

        return batch;
    }
}
