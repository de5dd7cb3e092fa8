namespace Streaming.Core.Models;

/// <summary>
/// The contract between the ONNX graphs the trainer writes and the serving code that runs them:
/// file names, input and output names. Inputs are the dense layout of
/// <see cref="Streaming.Core.Graph.SessionGraphBatch"/> with a dynamic batch dimension B and
/// dynamic N (nodes) and L (clicks) per batch.
/// </summary>
public static class InferenceGraph
{
    /// <summary>ONNX opset the graphs are written for.</summary>
    public const int Opset = 17;

    /// <summary>SR-GNN: session graph -> top-K candidate items.</summary>
    public const string CandidateGeneratorFile = "candidates.onnx";

    /// <summary>LLM-DMsRec: session graph + explicit/latent intents -> top-N items.</summary>
    public const string RankerFile = "ranker.onnx";

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
