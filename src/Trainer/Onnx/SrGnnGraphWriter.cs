using Streaming.Core.Graph;
using Streaming.Core.Models;
using Streaming.Trainer.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Streaming.Trainer.Onnx;

/// <summary>
/// Emits SR-GNN's inference computation (dense layout) into an <see cref="OnnxGraphBuilder"/>, with
/// the trained parameters as initializers. Mirrors <c>SessionEncoder.forward</c>/<c>Score</c> and
/// <c>GatedGraphCell.forward</c> op for op; linear maps are stored transposed ([in, out]) for MatMul.
/// Tensors are found by the names the modules register them under (<see cref="ParameterNames"/>).
/// </summary>
internal sealed class SrGnnGraphWriter
{
    private static readonly string EmbeddingWeight = ParameterNames.Path(ParameterNames.Encoder, ParameterNames.Embedding, ParameterNames.Weight);

    private readonly OnnxGraphBuilder _graph;
    private readonly Dictionary<string, Tensor> _state;
    private readonly HashSet<string> _initialised = new(StringComparer.Ordinal);
    private int _names;

    public SrGnnGraphWriter(OnnxGraphBuilder graph, Dictionary<string, Tensor> state)
    {
        _graph = graph;
        _state = state;
        var embedding = Parameter(EmbeddingWeight);
        Rows = embedding.shape[0];
        Hidden = embedding.shape[1];
    }

    /// <summary>Embedding rows: item count + 1 (row 0 is padding).</summary>
    public long Rows { get; }

    public long Hidden { get; }

    public long ItemCount => Rows - 1;

    /// <summary>Declares the session-graph inputs of <paramref name="layout"/> (Dense or EdgeList).</summary>
    public static void DeclareInputs(OnnxGraphBuilder graph, SessionGraphLayout layout)
    {
        if (layout == SessionGraphLayout.EdgeList)
        {
            graph.Input(InferenceGraph.FlatItems, OnnxGraphBuilder.Int64Type, "nodes");
            graph.Input(InferenceGraph.FlatAlias, OnnxGraphBuilder.Int64Type, "batch", "clicks");
            graph.Input(InferenceGraph.FlatLastNode, OnnxGraphBuilder.Int64Type, "batch");
            graph.Input(InferenceGraph.EdgeFrom, OnnxGraphBuilder.Int64Type, "edges");
            graph.Input(InferenceGraph.EdgeTo, OnnxGraphBuilder.Int64Type, "edges");
            graph.Input(InferenceGraph.EdgeInWeight, OnnxGraphBuilder.FloatType, "edges");
            graph.Input(InferenceGraph.EdgeOutWeight, OnnxGraphBuilder.FloatType, "edges");
            graph.Input(InferenceGraph.Mask, OnnxGraphBuilder.FloatType, "batch", "clicks");
            return;
        }

        if (layout != SessionGraphLayout.Dense)
        {
            throw new ArgumentOutOfRangeException(nameof(layout), layout, "A graph takes one layout: Dense or EdgeList.");
        }

        graph.Input(InferenceGraph.Items, OnnxGraphBuilder.Int64Type, "batch", "nodes");
        graph.Input(InferenceGraph.InAdjacency, OnnxGraphBuilder.FloatType, "batch", "nodes", "nodes");
        graph.Input(InferenceGraph.OutAdjacency, OnnxGraphBuilder.FloatType, "batch", "nodes", "nodes");
        graph.Input(InferenceGraph.Alias, OnnxGraphBuilder.Int64Type, "batch", "clicks");
        graph.Input(InferenceGraph.LastNode, OnnxGraphBuilder.Int64Type, "batch");
        graph.Input(InferenceGraph.Mask, OnnxGraphBuilder.FloatType, "batch", "clicks");
    }

    /// <summary>The global (attention) and last-click session vectors, each [B, d].</summary>
    public (string Global, string Last) Represent(int steps, SessionGraphLayout layout)
    {
        var g = _graph;
        var embedding = Tensor(EmbeddingWeight, transpose: false);
        var one = g.Initializer(Name("axis1"), [1L], 1);
        var two = g.Initializer(Name("axis2"), [2L], 1);
        string positions;
        string last;
        if (layout == SessionGraphLayout.EdgeList)
        {
            // Flat node states [T, d]; positions[b, l] = nodes[flat_alias[b, l]], last[b] = nodes[flat_last_node[b]].
            var nodes = g.Node("Gather", [embedding, InferenceGraph.FlatItems]);
            for (var s = 0; s < steps; s++)
            {
                nodes = EdgeStep(nodes);
            }

            positions = g.Node("Gather", [nodes, InferenceGraph.FlatAlias]);
            last = g.Node("Gather", [nodes, InferenceGraph.FlatLastNode]);
        }
        else
        {
            var nodes = g.Node("Gather", [embedding, InferenceGraph.Items]);
            for (var s = 0; s < steps; s++)
            {
                nodes = CellStep(nodes);
            }

            // positions[b, l] = nodes[b, alias[b, l]]; last[b] = nodes[b, last_node[b]].
            var aliasIndex = g.Node("Unsqueeze", [InferenceGraph.Alias, two]);
            positions = g.Node("GatherND", [nodes, aliasIndex], null, OnnxGraphBuilder.Int("batch_dims", 1));
            var lastIndex = g.Node("Unsqueeze", [InferenceGraph.LastNode, one]);
            last = g.Node("GatherND", [nodes, lastIndex], null, OnnxGraphBuilder.Int("batch_dims", 1));
        }

        var query = g.Node("Unsqueeze", [Linear(last, Encoder(ParameterNames.LastQuery)), one]);
        var key = Linear(positions, Encoder(ParameterNames.PositionKey));
        var gate = g.Node("Sigmoid", [g.Node("Add", [query, key])]);
        var weights = g.Node("MatMul", [gate, Tensor(ParameterNames.Path(Encoder(ParameterNames.Attention), ParameterNames.Weight), transpose: true)]);
        var mask = g.Node("Unsqueeze", [InferenceGraph.Mask, two]);
        var weighted = g.Node("Mul", [g.Node("Mul", [weights, positions]), mask]);
        var global = g.Node("ReduceSum", [weighted, one], null, OnnxGraphBuilder.Int("keepdims", 0));
        return (global, last);
    }

    /// <summary><c>Linear(concat(parts)) -> d</c> with the named head layer.</summary>
    public string Fuse(IReadOnlyList<string> parts, string layer) =>
        Linear(_graph.Node("Concat", parts, null, OnnxGraphBuilder.Int("axis", 1)), layer);

    /// <summary>Scores [B, I] of a session vector [B, d] against every item embedding (padding row excluded).</summary>
    public string Score(string session, string? output = null)
    {
        var g = _graph;
        var embedding = Tensor(EmbeddingWeight, transpose: false);
        var items = g.Node("Slice", [embedding, g.Initializer(Name("first_item"), [1L], 1), g.Initializer(Name("end_item"), [Rows], 1), g.Initializer(Name("rows"), [0L], 1)]);
        return g.Node("Gemm", [session, items], output, OnnxGraphBuilder.Int("transB", 1));
    }

    /// <summary>TopK over the score columns; items come out 1-based (column c is item c + 1).</summary>
    public void Top(string scores, long k)
    {
        var g = _graph;
        var outputs = g.Nodes("TopK", [scores, g.Initializer(Name("k"), [k], 1)], [InferenceGraph.TopScores, Name("top_columns")], OnnxGraphBuilder.Int("axis", 1), OnnxGraphBuilder.Int("largest", 1), OnnxGraphBuilder.Int("sorted", 1));
        g.Node("Add", [outputs[1], g.Initializer(Name("one"), [1L])], InferenceGraph.TopItems);
        g.Output(InferenceGraph.Scores, OnnxGraphBuilder.FloatType, "batch", ItemCount);
        g.Output(InferenceGraph.TopScores, OnnxGraphBuilder.FloatType, "batch", k);
        g.Output(InferenceGraph.TopItems, OnnxGraphBuilder.Int64Type, "batch", k);
    }

    /// <summary>x W^T + b of a TorchSharp Linear stored under <paramref name="layer"/> (its state-dictionary path).</summary>
    public string Linear(string input, string layer)
    {
        var weight = ParameterNames.Path(layer, ParameterNames.Weight);
        var bias = ParameterNames.Path(layer, ParameterNames.Bias);
        var product = _graph.Node("MatMul", [input, Tensor(weight, transpose: true)]);
        return _state.ContainsKey(bias) ? _graph.Node("Add", [product, Tensor(bias, transpose: false)]) : product;
    }

    /// <summary>One initializer from a module parameter, by its state-dictionary path.</summary>
    public string Tensor(string stateName, bool transpose)
    {
        var name = stateName;
        if (_initialised.Contains(name + (transpose ? ".T" : string.Empty)))
        {
            return name + (transpose ? ".T" : string.Empty);
        }

        var parameter = _state.TryGetValue(stateName, out var value) ? value : throw new InvalidOperationException($"The module has no parameter '{stateName}'.");
        using var scope = torch.NewDisposeScope();
        var source = (transpose ? parameter.t() : parameter).detach().cpu().to(ScalarType.Float32).contiguous();
        var dims = source.shape;
        var data = source.data<float>().ToArray();
        var initializer = name + (transpose ? ".T" : string.Empty);
        _initialised.Add(initializer);
        return _graph.Initializer(initializer, data, dims);
    }

    private Tensor Parameter(string name) =>
        _state.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"The module has no parameter '{name}'.");

    // A path inside the session encoder, e.g. encoder.lastQuery, encoder.cell.edgeIn.
    private static string Encoder(params string[] parts) => ParameterNames.Path([ParameterNames.Encoder, .. parts]);

    private string CellTensor(string part, bool transpose) => Tensor(Encoder(ParameterNames.Cell, part), transpose);

    private string CellLinear(string input, string layer) => Linear(input, Encoder(ParameterNames.Cell, layer));

    // One gated graph step on dense adjacency, as GatedGraphCell.forward.
    private string CellStep(string nodes)
    {
        var g = _graph;
        var incoming = g.Node("Add", [g.Node("MatMul", [InferenceGraph.InAdjacency, CellLinear(nodes, ParameterNames.EdgeIn)]), CellTensor(ParameterNames.InBias, transpose: false)]);
        var outgoing = g.Node("Add", [g.Node("MatMul", [InferenceGraph.OutAdjacency, CellLinear(nodes, ParameterNames.EdgeOut)]), CellTensor(ParameterNames.OutBias, transpose: false)]);
        return Update(nodes, incoming, outgoing);
    }

    // One gated graph step on the edge list, as GatedGraphCell.Propagate: index_add becomes ScatterElements with reduction "add" (opset 16+).
    private string EdgeStep(string nodes)
    {
        var g = _graph;
        var incoming = g.Node("Add", [Scatter(nodes, InferenceGraph.EdgeTo, CellLinear(nodes, ParameterNames.EdgeIn), InferenceGraph.EdgeFrom, InferenceGraph.EdgeInWeight), CellTensor(ParameterNames.InBias, transpose: false)]);
        var outgoing = g.Node("Add", [Scatter(nodes, InferenceGraph.EdgeFrom, CellLinear(nodes, ParameterNames.EdgeOut), InferenceGraph.EdgeTo, InferenceGraph.EdgeOutWeight), CellTensor(ParameterNames.OutBias, transpose: false)]);
        return Update(nodes, incoming, outgoing);
    }

    // result[target[e]] += messages[source[e]] * weight[e], over zeros shaped like the node states [T, d].
    private string Scatter(string nodes, string target, string messages, string source, string weight)
    {
        var g = _graph;
        var one = g.Initializer(Name("axis1"), [1L], 1);
        var weighted = g.Node("Mul", [g.Node("Gather", [messages, source]), g.Node("Unsqueeze", [weight, one])]);
        var indices = g.Node("Expand", [g.Node("Unsqueeze", [target, one]), g.Node("Shape", [weighted])]);
        var zeros = g.Node("ConstantOfShape", [g.Node("Shape", [nodes])]);
        return g.Node("ScatterElements", [zeros, indices, weighted], null, OnnxGraphBuilder.Int("axis", 0), OnnxGraphBuilder.String("reduction", "add"));
    }

    // The GRU-style update; the gate maps are split into (reset, update, new) thirds as torch.chunk does.
    private string Update(string nodes, string incoming, string outgoing)
    {
        var g = _graph;
        var messages = g.Node("Concat", [incoming, outgoing], null, OnnxGraphBuilder.Int("axis", -1));
        var inputGates = CellLinear(messages, ParameterNames.InputGates);
        var hiddenGates = CellLinear(nodes, ParameterNames.HiddenGates);
        var gi = g.Nodes("Split", [inputGates], [Name("gi_r"), Name("gi_z"), Name("gi_n")], OnnxGraphBuilder.Int("axis", -1));
        var gh = g.Nodes("Split", [hiddenGates], [Name("gh_r"), Name("gh_z"), Name("gh_n")], OnnxGraphBuilder.Int("axis", -1));
        var reset = g.Node("Sigmoid", [g.Node("Add", [gi[0], gh[0]])]);
        var update = g.Node("Sigmoid", [g.Node("Add", [gi[1], gh[1]])]);
        var candidate = g.Node("Tanh", [g.Node("Add", [gi[2], g.Node("Mul", [reset, gh[2]])])]);
        return g.Node("Add", [candidate, g.Node("Mul", [update, g.Node("Sub", [nodes, candidate])])]);
    }

    private string Name(string stem) => $"{stem}_{_names++}";
}
