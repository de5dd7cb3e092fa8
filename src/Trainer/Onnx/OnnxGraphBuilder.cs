using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Streaming.Trainer.Onnx;

/// <summary>
/// Writes an ONNX graph node by node with the ONNX protobuf types: initializers, inputs, outputs and
/// nodes with generated, unique value names.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    public const int FloatType = 1;
    public const int Int64Type = 7;

    private readonly GraphProto _graph;
    private int _next;

    public OnnxGraphBuilder(string name) => _graph = new GraphProto { Name = name };

    /// <summary>A float initializer with the given shape (row-major data).</summary>
    public string Initializer(string name, ReadOnlySpan<float> data, params long[] dims) =>
        AddInitializer(name, FloatType, MemoryMarshal.AsBytes(data), dims);

    /// <summary>An int64 initializer with the given shape (row-major data).</summary>
    public string Initializer(string name, ReadOnlySpan<long> data, params long[] dims) =>
        AddInitializer(name, Int64Type, MemoryMarshal.AsBytes(data), dims);

    /// <summary>A graph input; a string dimension is symbolic (dynamic), a long one fixed.</summary>
    public string Input(string name, int elementType, params object[] dims)
    {
        _graph.Input.Add(ValueInfo(name, elementType, dims));
        return name;
    }

    public void Output(string name, int elementType, params object[] dims) => _graph.Output.Add(ValueInfo(name, elementType, dims));

    /// <summary>One node with a single output; returns the output's name (<paramref name="output"/> or a generated one).</summary>
    public string Node(string op, IReadOnlyList<string> inputs, string? output = null, params AttributeProto[] attributes) =>
        Nodes(op, inputs, [output ?? NewName(op)], attributes)[0];

    public IReadOnlyList<string> Nodes(string op, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = NewName(op + "_node") };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return outputs;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public ModelProto Build(string producer, string docString)
    {
        var model = new ModelProto
        {
            // IR version 8 goes with opset 17.
            IrVersion = 8,
            ProducerName = producer,
            ProducerVersion = typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString() ?? "0",
            DocString = docString,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Streaming.Core.Models.InferenceGraph.Opset });
        return model;
    }

    private string AddInitializer(string name, int elementType, ReadOnlySpan<byte> bytes, long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = elementType, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return name;
    }

    private string NewName(string prefix) => $"{prefix}_{_next++}";

    private static ValueInfoProto ValueInfo(string name, int elementType, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim switch
            {
                string symbol => new TensorShapeProto.Types.Dimension { DimParam = symbol },
                long value => new TensorShapeProto.Types.Dimension { DimValue = value },
                int value => new TensorShapeProto.Types.Dimension { DimValue = value },
                _ => throw new ArgumentException($"Dimension {dim} must be a symbol or a size.", nameof(dims)),
            });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = shape } },
        };
    }
}
