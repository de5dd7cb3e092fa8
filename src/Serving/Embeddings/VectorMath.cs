using System.Numerics.Tensors;

namespace Streaming.Serving.Embeddings;

/// <summary>The few vector operations intents need, on spans of float32.</summary>
public static class VectorMath
{
    public static void Scale(Span<float> vector, float factor) => TensorPrimitives.Multiply(vector, factor, vector);

    /// <summary>Scales to unit L2 norm; a zero vector stays zero.</summary>
    public static void Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            Scale(vector, 1f / norm);
        }
    }

    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.CosineSimilarity(a, b);

    /// <summary>The mean of <paramref name="vectors"/> (not re-normalised: the paper averages the group's embeddings).</summary>
    public static float[] Mean(IReadOnlyList<ReadOnlyMemory<float>> vectors, int dimension)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var mean = new float[dimension];
        foreach (var vector in vectors)
        {
            TensorPrimitives.Add(mean, vector.Span, mean);
        }

        if (vectors.Count > 0)
        {
            Scale(mean, 1f / vectors.Count);
        }

        return mean;
    }
}
