namespace Streaming.Core.Graph;

/// <summary>
/// A batch of session graphs as flat, zero-padded, row-major arrays ready to become tensors
/// (TorchSharp or ONNX Runtime). N and L are the largest node count and length in the batch.
/// </summary>
/// <remarks>
/// Dense layout: <see cref="Items"/> [B, N], <see cref="InAdjacency"/> and <see cref="OutAdjacency"/>
/// [B, N, N], <see cref="Alias"/> [B, L], <see cref="LastNode"/> [B] (node indices within a session).
/// Edge-list layout: the sessions' nodes concatenated into <see cref="FlatItems"/> [T];
/// <see cref="FlatAlias"/> [B, L] and <see cref="FlatLastNode"/> [B] index that list; one entry per
/// edge u->v in <see cref="EdgeFrom"/>, <see cref="EdgeTo"/>, <see cref="EdgeInWeight"/> (= In[v, u])
/// and <see cref="EdgeOutWeight"/> (= Out[u, v]). Both layouts share <see cref="Mask"/> [B, L] and
/// <see cref="Lengths"/> [B], and describe exactly the same normalised graph.
/// </remarks>
public sealed class SessionGraphBatch
{
    private SessionGraphBatch(int batchSize, int maxNodes, int maxLength, bool dense)
    {
        BatchSize = batchSize;
        MaxNodes = maxNodes;
        MaxLength = maxLength;
        Items = dense ? new long[batchSize * maxNodes] : [];
        InAdjacency = dense ? new float[batchSize * maxNodes * maxNodes] : [];
        OutAdjacency = dense ? new float[batchSize * maxNodes * maxNodes] : [];
        Alias = dense ? new long[batchSize * maxLength] : [];
        LastNode = dense ? new long[batchSize] : [];
        Mask = new float[batchSize * maxLength];
        Lengths = new long[batchSize];
    }

    public SessionGraphLayout Layout { get; private init; }

    public int BatchSize { get; }

    public int MaxNodes { get; }

    public int MaxLength { get; }

    /// <summary>Dense: item index of each node; padding nodes hold 0.</summary>
    public long[] Items { get; }

    public float[] InAdjacency { get; }

    public float[] OutAdjacency { get; }

    /// <summary>Dense: node index of each click position; padding positions hold 0 and are masked out.</summary>
    public long[] Alias { get; }

    /// <summary>Dense: node index of each session's last click.</summary>
    public long[] LastNode { get; }

    /// <summary>1 for a real click position, 0 for padding.</summary>
    public float[] Mask { get; }

    public long[] Lengths { get; }

    /// <summary>Edge list: item index of every node of the batch, session after session.</summary>
    public long[] FlatItems { get; private set; } = [];

    /// <summary>Edge list: index into <see cref="FlatItems"/> of each click position; padding holds 0.</summary>
    public long[] FlatAlias { get; private set; } = [];

    public long[] FlatLastNode { get; private set; } = [];

    public long[] EdgeFrom { get; private set; } = [];

    public long[] EdgeTo { get; private set; } = [];

    public float[] EdgeInWeight { get; private set; } = [];

    public float[] EdgeOutWeight { get; private set; } = [];

    /// <summary>Packs graphs into one batch carrying the requested layouts.</summary>
    public static SessionGraphBatch Pack(IReadOnlyList<SessionGraph> graphs, SessionGraphLayout layout = SessionGraphLayout.Both)
    {
        ArgumentNullException.ThrowIfNull(graphs);
        if (graphs.Count == 0)
        {
            throw new ArgumentException("A batch needs at least one session.", nameof(graphs));
        }

        if (layout == 0 || (layout & ~SessionGraphLayout.Both) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(layout), layout, "Choose Dense, EdgeList or both.");
        }

        var maxNodes = 0;
        var maxLength = 0;
        var totalNodes = 0;
        var totalEdges = 0;
        foreach (var graph in graphs)
        {
            maxNodes = Math.Max(maxNodes, graph.NodeCount);
            maxLength = Math.Max(maxLength, graph.Length);
            totalNodes += graph.NodeCount;
            foreach (var weight in graph.OutAdjacency)
            {
                totalEdges += weight > 0 ? 1 : 0;
            }
        }

        var dense = (layout & SessionGraphLayout.Dense) != 0;
        var batch = new SessionGraphBatch(graphs.Count, maxNodes, maxLength, dense) { Layout = layout };
        for (var b = 0; b < graphs.Count; b++)
        {
            var graph = graphs[b];
            for (var p = 0; p < graph.Length; p++)
            {
                batch.Mask[(b * maxLength) + p] = 1f;
            }

            batch.Lengths[b] = graph.Length;
            if (dense)
            {
                PackDense(batch, b, graph);
            }
        }

        if ((layout & SessionGraphLayout.EdgeList) != 0)
        {
            PackEdges(batch, graphs, totalNodes, totalEdges);
        }

        return batch;
    }

    private static void PackDense(SessionGraphBatch batch, int b, SessionGraph graph)
    {
        var maxNodes = batch.MaxNodes;
        var maxLength = batch.MaxLength;
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
        }

        batch.LastNode[b] = graph.LastNode;
    }

    private static void PackEdges(SessionGraphBatch batch, IReadOnlyList<SessionGraph> graphs, int totalNodes, int totalEdges)
    {
        var items = new long[totalNodes];
        var alias = new long[batch.BatchSize * batch.MaxLength];
        var last = new long[batch.BatchSize];
        var from = new long[totalEdges];
        var to = new long[totalEdges];
        var inWeight = new float[totalEdges];
        var outWeight = new float[totalEdges];
        var offset = 0;
        var edge = 0;
        for (var b = 0; b < graphs.Count; b++)
        {
            var graph = graphs[b];
            var n = graph.NodeCount;
            for (var i = 0; i < n; i++)
            {
                items[offset + i] = graph.Nodes[i];
            }

            for (var p = 0; p < graph.Length; p++)
            {
                alias[(b * batch.MaxLength) + p] = offset + graph.Alias[p];
            }

            last[b] = offset + graph.LastNode;
            for (var u = 0; u < n; u++)
            {
                for (var v = 0; v < n; v++)
                {
                    var weight = graph.OutAdjacency[(u * n) + v];
                    if (weight > 0)
                    {
                        from[edge] = offset + u;
                        to[edge] = offset + v;
                        outWeight[edge] = weight;
                        inWeight[edge] = graph.InAdjacency[(v * n) + u];
                        edge++;
                    }
                }
            }

            offset += n;
        }

        batch.FlatItems = items;
        batch.FlatAlias = alias;
        batch.FlatLastNode = last;
        batch.EdgeFrom = from;
        batch.EdgeTo = to;
        batch.EdgeInWeight = inWeight;
        batch.EdgeOutWeight = outWeight;
    }
}
