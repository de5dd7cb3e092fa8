using Microsoft.ML.OnnxRuntime;
using Streaming.Core.Graph;
using Streaming.Core.Models;

namespace Streaming.Serving;

/// <summary>
/// One ONNX Runtime session over a graph that follows <see cref="InferenceGraph"/>: feeds the
/// session-graph tensors of the graph's layout (plus any extra inputs) and reads the scores or the top-K lists.
/// </summary>
internal sealed class OnnxGraphSession : IDisposable
{
    private readonly InferenceSession _session;

    public OnnxGraphSession(byte[] model, OnnxSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.IntraOpThreads);
        using var sessionOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (options.IntraOpThreads > 0)
        {
            sessionOptions.IntraOpNumThreads = options.IntraOpThreads;
        }

        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", options.AllowSpinning ? "1" : "0");

        // Without CUDA libraries appending CUDA throws OnnxRuntimeException (GPU build) or EntryPointNotFoundException (CPU build).
        ExecutionProvider = "cpu";
        if (options.UseCuda)
        {
            try
            {
                sessionOptions.AppendExecutionProvider_CUDA(0);
                ExecutionProvider = "cuda";
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                ExecutionProvider = "cpu (cuda unavailable: " + ex.GetType().Name + ")";
            }
        }

        _session = new InferenceSession(model, sessionOptions);
        ItemCount = (int)_session.OutputMetadata[InferenceGraph.Scores].Dimensions[1];
        Width = (int)_session.OutputMetadata[InferenceGraph.TopItems].Dimensions[1];
        Layout = _session.InputMetadata.ContainsKey(InferenceGraph.FlatItems) ? SessionGraphLayout.EdgeList : SessionGraphLayout.Dense;
    }

    /// <summary>The session-graph layout the graph takes (pack batches with it).</summary>
    public SessionGraphLayout Layout { get; }

    public string ExecutionProvider { get; }

    public int ItemCount { get; }

    /// <summary>K of the graph's top-K output.</summary>
    public int Width { get; }

    public IReadOnlyDictionary<string, NodeMetadata> InputMetadata => _session.InputMetadata;

    public TopItems Top(SessionGraphBatch batch, IReadOnlyDictionary<string, (float[] Data, long[] Shape)>? extra = null)
    {
        using var outputs = Run(batch, extra, [InferenceGraph.TopItems, InferenceGraph.TopScores]);
        var items = outputs[0].GetTensorDataAsSpan<long>();
        var ids = new int[items.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = (int)items[i];
        }

        return new TopItems(batch.BatchSize, Width, ids, outputs[1].GetTensorDataAsSpan<float>().ToArray());
    }

    public float[] Scores(SessionGraphBatch batch, IReadOnlyDictionary<string, (float[] Data, long[] Shape)>? extra = null)
    {
        using var outputs = Run(batch, extra, [InferenceGraph.Scores]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public void Dispose() => _session.Dispose();

    private IDisposableReadOnlyCollection<OrtValue> Run(SessionGraphBatch batch, IReadOnlyDictionary<string, (float[] Data, long[] Shape)>? extra, string[] outputNames)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if ((batch.Layout & Layout) == 0)
        {
            throw new ArgumentException($"This graph takes the {Layout} layout: pack the batch with SessionGraphLayout.{Layout}.", nameof(batch));
        }

        long b = batch.BatchSize;
        long n = batch.MaxNodes;
        long l = batch.MaxLength;
        var values = new List<OrtValue>(12);
        try
        {
            var inputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal)
            {
                [InferenceGraph.Mask] = Add(values, OrtValue.CreateTensorValueFromMemory(batch.Mask, [b, l])),
            };
            if (Layout == SessionGraphLayout.EdgeList)
            {
                long e = batch.EdgeFrom.Length;
                inputs[InferenceGraph.FlatItems] = Add(values, OrtValue.CreateTensorValueFromMemory(batch.FlatItems, [batch.FlatItems.Length]));
                inputs[InferenceGraph.FlatAlias] = Add(values, OrtValue.CreateTensorValueFromMemory(batch.FlatAlias, [b, l]));
                inputs[InferenceGraph.FlatLastNode] = Add(values, OrtValue.CreateTensorValueFromMemory(batch.FlatLastNode, [b]));
                inputs[InferenceGraph.EdgeFrom] = Add(values, OrtValue.CreateTensorValueFromMemory(batch.EdgeFrom, [e]));
                inputs[InferenceGraph.EdgeTo] = Add(values, OrtValue.CreateTensorValueFromMemory(batch.EdgeTo, [e]));
                inputs[InferenceGraph.EdgeInWeight] = Add(values, OrtValue.CreateTensorValueFromMemory(batch.EdgeInWeight, [e]));
                inputs[InferenceGraph.EdgeOutWeight] = Add(values, OrtValue.CreateTensorValueFromMemory(batch.EdgeOutWeight, [e]));
            }
            else
            {
                inputs[InferenceGraph.Items] = Add(values, OrtValue.CreateTensorValueFromMemory(batch.Items, [b, n]));
                inputs[InferenceGraph.InAdjacency] = Add(values, OrtValue.CreateTensorValueFromMemory(batch.InAdjacency, [b, n, n]));
                inputs[InferenceGraph.OutAdjacency] = Add(values, OrtValue.CreateTensorValueFromMemory(batch.OutAdjacency, [b, n, n]));
                inputs[InferenceGraph.Alias] = Add(values, OrtValue.CreateTensorValueFromMemory(batch.Alias, [b, l]));
                inputs[InferenceGraph.LastNode] = Add(values, OrtValue.CreateTensorValueFromMemory(batch.LastNode, [b]));
            }

            if (extra is not null)
            {
                foreach (var (name, (data, shape)) in extra)
                {
                    inputs[name] = Add(values, OrtValue.CreateTensorValueFromMemory(data, shape));
                }
            }

            using var runOptions = new RunOptions();
            return _session.Run(runOptions, inputs, outputNames);
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }

    private static OrtValue Add(List<OrtValue> values, OrtValue value)
    {
        values.Add(value);
        return value;
    }
}
