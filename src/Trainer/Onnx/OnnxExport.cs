using Google.Protobuf;
using Streaming.Core.Graph;
using Streaming.Core.Models;
using Streaming.Trainer.Models;
using TorchSharp;

namespace Streaming.Trainer.Onnx;

/// <summary>
/// Writes the two inference graphs (opset 17, dynamic batch) from trained TorchSharp modules, whose
/// parameters become initializers. TorchSharp has no ONNX export, so the graphs are written op by op
/// (see <see cref="SrGnnGraphWriter"/>); the parity tests hold them to the TorchSharp forward pass.
/// Inputs and outputs are named in <see cref="InferenceGraph"/>.
/// </summary>
public static class OnnxExport
{
    private const string Producer = "streaming-trainer";

    /// <summary>
    /// The candidate generator: session graph (<paramref name="layout"/>: edge list, the default, or
    /// dense) -> <c>scores</c> [B, I], and the
    /// <paramref name="topK"/> best <c>top_items</c> (1-based) and <c>top_scores</c>.
    /// </summary>
    public static byte[] CandidateGenerator(SrGnn model, int steps, int topK, SessionGraphLayout layout = SessionGraphLayout.EdgeList)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        var graph = new OnnxGraphBuilder("srgnn_candidates");
        using var scope = torch.NewDisposeScope();
        var writer = new SrGnnGraphWriter(graph, model.state_dict());
        SrGnnGraphWriter.DeclareInputs(graph, layout);
        var (global, last) = writer.Represent(steps, layout);
        var session = writer.Fuse([global, last], ParameterNames.Hybrid);
        var scores = writer.Score(session, InferenceGraph.Scores);
        writer.Top(scores, Math.Min(topK, writer.ItemCount));
        return graph.Build(Producer, $"SR-GNN candidate generator: {writer.ItemCount} items, hidden {writer.Hidden}, {steps} step(s), top {topK}.").ToByteArray();
    }

    /// <summary>
    /// The fused LLM-DMsRec ranker: session graph + explicit/latent intent vectors [B, D] with their
    /// presence flags [B, 1] -> <c>scores</c>, <c>top_items</c>, <c>top_scores</c>. One graph serves
    /// both cases: a row whose flag is 0 gets the model's learned "no intent" input in place of its
    /// vector (whatever the vector holds), exactly as in training.
    /// </summary>
    public static byte[] Ranker(DmsRec model, int steps, int topN, SessionGraphLayout layout = SessionGraphLayout.EdgeList)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(topN, 1);
        var graph = new OnnxGraphBuilder("dmsrec_ranker");
        using var scope = torch.NewDisposeScope();
        var writer = new SrGnnGraphWriter(graph, model.state_dict());
        SrGnnGraphWriter.DeclareInputs(graph, layout);
        var dimension = (long)model.IntentDimension;
        graph.Input(InferenceGraph.ExplicitIntent, OnnxGraphBuilder.FloatType, "batch", dimension);
        graph.Input(InferenceGraph.LatentIntent, OnnxGraphBuilder.FloatType, "batch", dimension);
        graph.Input(InferenceGraph.HasExplicitIntent, OnnxGraphBuilder.FloatType, "batch", 1L);
        graph.Input(InferenceGraph.HasLatentIntent, OnnxGraphBuilder.FloatType, "batch", 1L);

        var (global, last) = writer.Represent(steps, layout);
        var explicitIntent = Project(graph, writer, InferenceGraph.ExplicitIntent, InferenceGraph.HasExplicitIntent);
        var latentIntent = Project(graph, writer, InferenceGraph.LatentIntent, InferenceGraph.HasLatentIntent);
        var session = writer.Fuse([global, last, explicitIntent, latentIntent], ParameterNames.Fusion);
        var scores = writer.Score(session, InferenceGraph.Scores);
        writer.Top(scores, Math.Min(topN, writer.ItemCount));
        return graph.Build(Producer, $"LLM-DMsRec ranker: {writer.ItemCount} items, hidden {writer.Hidden}, intents {dimension}, {steps} step(s), top {topN}.").ToByteArray();
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> through a temporary file.</summary>
    public static void Write(byte[] bytes, string path)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    // Eval-mode projection (dropout is the identity): (v * has + noIntent * (1 - has)) W^T + b.
    private static string Project(OnnxGraphBuilder graph, SrGnnGraphWriter writer, string vectors, string present)
    {
        var noIntent = writer.Tensor(ParameterNames.NoIntent, transpose: false);
        var absent = graph.Node("Sub", [graph.Initializer("one_float_" + vectors, [1f]), present]);
        var input = graph.Node("Add", [graph.Node("Mul", [vectors, present]), graph.Node("Mul", [noIntent, absent])]);
        return writer.Linear(input, ParameterNames.Projection);
    }
}
