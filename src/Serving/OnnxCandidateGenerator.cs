using Streaming.Core.Graph;
using Streaming.Core.Models;

namespace Streaming.Serving;

/// <summary>
/// Runs the trainer's SR-GNN candidate graph (<see cref="InferenceGraph.CandidateGeneratorFile"/>):
/// a session-graph batch (packed with <see cref="Layout"/>) in, the top-K items of each session out. Thread-safe (ONNX Runtime
/// sessions allow concurrent runs).
/// </summary>
public sealed class OnnxCandidateGenerator : IDisposable
{
    private readonly OnnxGraphSession _session;

    private OnnxCandidateGenerator(OnnxGraphSession session) => _session = session;

    public int ItemCount => _session.ItemCount;

    /// <summary>K: the length of every candidate list.</summary>
    public int Width => _session.Width;

    public string ExecutionProvider => _session.ExecutionProvider;

    /// <summary>The layout to pack batches with (<see cref="SessionGraphBatch.Pack"/>); the graph's inputs decide it.</summary>
    public SessionGraphLayout Layout => _session.Layout;

    public static OnnxCandidateGenerator Load(string path, OnnxSessionOptions? options = null) =>
        Create(File.ReadAllBytes(path), options);

    public static OnnxCandidateGenerator Create(byte[] model, OnnxSessionOptions? options = null) =>
        new(new OnnxGraphSession(model, options ?? new OnnxSessionOptions()));

    /// <summary>The top-<see cref="Width"/> items of each session, best first.</summary>
    public TopItems Generate(SessionGraphBatch batch) => _session.Top(batch);

    /// <summary>Every item's score, [B, ItemCount] row-major (column c is item c + 1).</summary>
    public float[] Scores(SessionGraphBatch batch) => _session.Scores(batch);

    public void Dispose() => _session.Dispose();
}
