namespace Streaming.Trainer.Models;

/// <summary>
/// The names the model modules register their sub-modules and parameters under, and so the names in their state
/// dictionaries and weight files. The modules register with these constants and the ONNX writer reads the trained
/// tensors by them, so renaming a field cannot silently break the export.
/// </summary>
public static class ParameterNames
{
    /// <summary>The session encoder inside <see cref="SrGnn"/> and <see cref="DmsRec"/>.</summary>
    public const string Encoder = "encoder";

    /// <summary>Item embeddings [items + 1, d] (row 0 is padding), inside the encoder.</summary>
    public const string Embedding = "embedding";

    /// <summary>The gated graph cell, inside the encoder.</summary>
    public const string Cell = "cell";

    /// <summary>Attention readout: query from the last click, key from every position, and the scalar weight map.</summary>
    public const string LastQuery = "lastQuery";

    public const string PositionKey = "positionKey";

    public const string Attention = "attention";

    /// <summary>Cell parts: edge maps, their biases, and the GRU-style gate maps.</summary>
    public const string EdgeIn = "edgeIn";

    public const string EdgeOut = "edgeOut";

    public const string InBias = "inBias";

    public const string OutBias = "outBias";

    public const string InputGates = "inputGates";

    public const string HiddenGates = "hiddenGates";

    /// <summary>SR-GNN's head: <c>Linear([s_global; s_last]) -> d</c>.</summary>
    public const string Hybrid = "hybrid";

    /// <summary>LLM-DMsRec's head: <c>Linear([s_global; s_last; z_explicit; z_latent]) -> d</c>.</summary>
    public const string Fusion = "fusion";

    /// <summary>The intent projection shared by both groups, its dropout, and the learned "no intent" input.</summary>
    public const string Projection = "projection";

    public const string ProjectionDropout = "projectionDropout";

    public const string NoIntent = "noIntent";

    /// <summary>TorchSharp's names for a linear map's and an embedding's tensors.</summary>
    public const string Weight = "weight";

    public const string Bias = "bias";

    /// <summary>A dotted state-dictionary path, e.g. <c>Path(Encoder, Embedding, Weight)</c>.</summary>
    public static string Path(params string[] parts) => string.Join('.', parts);
}
