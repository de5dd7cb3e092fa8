using Streaming.Core.Graph;
using Streaming.Core.Models;

namespace Streaming.Serving;

/// <summary>
/// Runs the trainer's fused LLM-DMsRec graph (<see cref="InferenceGraph.RankerFile"/>): session graphs
/// plus each session's explicit and latent intent vectors (null when absent: the model's learned
/// "no intent" input is used) in, the top-N items out.
/// </summary>
public sealed class OnnxRanker : IDisposable
{
    private readonly OnnxGraphSession _session;

    private OnnxRanker(OnnxGraphSession session)
    {
        _session = session;
        IntentDimension = (int)session.InputMetadata[InferenceGraph.ExplicitIntent].Dimensions[1];
    }

    public int ItemCount => _session.ItemCount;

    public int Width => _session.Width;

    public int IntentDimension { get; }

    public string ExecutionProvider => _session.ExecutionProvider;

    /// <summary>The layout to pack batches with (<see cref="SessionGraphBatch.Pack"/>); the graph's inputs decide it.</summary>
    public SessionGraphLayout Layout => _session.Layout;

    public static OnnxRanker Load(string path, OnnxSessionOptions? options = null) =>
        Create(File.ReadAllBytes(path), options);

    public static OnnxRanker Create(byte[] model, OnnxSessionOptions? options = null) =>
        new(new OnnxGraphSession(model, options ?? new OnnxSessionOptions()));

    /// <summary>The top-<see cref="Width"/> items of each session, best first.</summary>
    public TopItems Rank(SessionGraphBatch batch, IReadOnlyList<float[]?> explicitIntents, IReadOnlyList<float[]?> latentIntents) =>
        _session.Top(batch, Intents(batch, explicitIntents, latentIntents));

    /// <summary>Every item's score, [B, ItemCount] row-major (column c is item c + 1).</summary>
    public float[] Scores(SessionGraphBatch batch, IReadOnlyList<float[]?> explicitIntents, IReadOnlyList<float[]?> latentIntents) =>
        _session.Scores(batch, Intents(batch, explicitIntents, latentIntents));

    public void Dispose() => _session.Dispose();

    private Dictionary<string, (float[] Data, long[] Shape)> Intents(SessionGraphBatch batch, IReadOnlyList<float[]?> explicitIntents, IReadOnlyList<float[]?> latentIntents)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var (explicitData, hasExplicit) = Pack(batch.BatchSize, explicitIntents, nameof(explicitIntents));
        var (latentData, hasLatent) = Pack(batch.BatchSize, latentIntents, nameof(latentIntents));
        long b = batch.BatchSize;
        return new Dictionary<string, (float[] Data, long[] Shape)>(StringComparer.Ordinal)
        {
            [InferenceGraph.ExplicitIntent] = (explicitData, [b, IntentDimension]),
            [InferenceGraph.LatentIntent] = (latentData, [b, IntentDimension]),
            [InferenceGraph.HasExplicitIntent] = (hasExplicit, [b, 1]),
            [InferenceGraph.HasLatentIntent] = (hasLatent, [b, 1]),
        };
    }

    private (float[] Data, float[] Present) Pack(int batchSize, IReadOnlyList<float[]?> vectors, string parameter)
    {
        ArgumentNullException.ThrowIfNull(vectors, parameter);
        if (vectors.Count != batchSize)
        {
            throw new ArgumentException($"Expected one intent entry per session ({batchSize}), got {vectors.Count}.", parameter);
        }

        var data = new float[batchSize * IntentDimension];
        var present = new float[batchSize];
        for (var i = 0; i < batchSize; i++)
        {
            if (vectors[i] is not { } vector)
            {
                continue;
            }

            if (vector.Length != IntentDimension)
            {
                throw new ArgumentException($"Session {i}: intent vectors have {IntentDimension} components, got {vector.Length}.", parameter);
            }

            vector.CopyTo(data, i * IntentDimension);
            present[i] = 1f;
        }

        return (data, present);
    }
}
