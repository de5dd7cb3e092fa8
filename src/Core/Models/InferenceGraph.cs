namespace Streaming.Core.Models;

/// <summary>
/// The contract between the ONNX graphs the trainer writes and the serving code that runs them:
/// file names, input and output names. Inputs are the dense layout of
/// <see cref="Streaming.Core.Graph.SessionGraphBatch"/> in one of its two layouts — dense (items,
/// adjacency, alias, last node) or edge list (flat items, flat alias, flat last node, edges) — plus the
/// mask, with a dynamic batch dimension B and dynamic N (nodes), L (clicks), T and E per batch. A graph's
/// input names say which layout it takes.
/// </summary>
public static class InferenceGraph
{
    /// <summary>ONNX opset the graphs are written for.</summary>
    public const int Opset = 17;

    /// <summary>SR-GNN: session graph -> top-K candidate items.</summary>
    public const string CandidateGeneratorFile = "candidates.onnx";

    /// <summary>LLM-DMsRec: session graph + explicit/latent intents -> top-N items.</summary>
    public const string RankerFile = "ranker.onnx";

    /// <summary>
    /// The manifest hyper-parameter saying how the ranker was fed an intent group the LLM left empty in training:
    /// <see cref="EmptyGroupLearned"/> (the presence flag off: the learned "no intent" input) or
    /// <see cref="EmptyGroupCopy"/> (the other group's vector, the paper's rule). Serving must do the same.
    /// </summary>
    public const string EmptyIntentGroupParameter = "empty-intent-group";

    public const string EmptyGroupLearned = "learned";

    public const string EmptyGroupCopy = "copy";

    /// <summary>[B, N] int64: item index of each node, 0 for padding.</summary>
    public const string Items = "items";

    /// <summary>[B, N, N] float: normalised incoming adjacency.</summary>
    public const string InAdjacency = "in_adjacency";

    /// <summary>[B, N, N] float: normalised outgoing adjacency.</summary>
    public const string OutAdjacency = "out_adjacency";

    /// <summary>[B, L] int64: node index of each click position.</summary>
    public const string Alias = "alias";

    /// <summary>[B] int64: node index of the last click.</summary>
    public const string LastNode = "last_node";

    /// <summary>[B, L] float: 1 for a click, 0 for padding.</summary>
    public const string Mask = "mask";

    /// <summary>Edge-list graphs: [T] int64, item index of every node of the batch, session after session.</summary>
    public const string FlatItems = "flat_items";

    /// <summary>Edge-list graphs: [B, L] int64, index into <see cref="FlatItems"/> of each click position.</summary>
    public const string FlatAlias = "flat_alias";

    /// <summary>Edge-list graphs: [B] int64, index into <see cref="FlatItems"/> of each session's last click.</summary>
    public const string FlatLastNode = "flat_last_node";

    /// <summary>Edge-list graphs: [E] int64, source node of each edge u->v.</summary>
    public const string EdgeFrom = "edge_from";

    /// <summary>Edge-list graphs: [E] int64, target node of each edge u->v.</summary>
    public const string EdgeTo = "edge_to";

    /// <summary>Edge-list graphs: [E] float, In[v, u] of each edge.</summary>
    public const string EdgeInWeight = "edge_in_weight";

    /// <summary>Edge-list graphs: [E] float, Out[u, v] of each edge.</summary>
    public const string EdgeOutWeight = "edge_out_weight";

    /// <summary>Ranker only: [B, D] float explicit intent vectors (any values where absent).</summary>
    public const string ExplicitIntent = "explicit_intent";

    /// <summary>Ranker only: [B, D] float latent intent vectors (any values where absent).</summary>
    public const string LatentIntent = "latent_intent";

    /// <summary>Ranker only: [B, 1] float, 1 = the explicit vector is present, 0 = use the learned "no intent" input.</summary>
    public const string HasExplicitIntent = "has_explicit_intent";

    /// <summary>Ranker only: [B, 1] float, 1 = the latent vector is present, 0 = use the learned "no intent" input.</summary>
    public const string HasLatentIntent = "has_latent_intent";

    /// <summary>[B, I] float: score of every item (column c is item c + 1).</summary>
    public const string Scores = "scores";

    /// <summary>[B, K] float: the K best scores, best first.</summary>
    public const string TopScores = "top_scores";

    /// <summary>[B, K] int64: the K best items (1-based item indices), best first.</summary>
    public const string TopItems = "top_items";
}
