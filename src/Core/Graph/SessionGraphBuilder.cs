namespace Streaming.Core.Graph;

/// <summary>
/// Builds <see cref="SessionGraph"/>s from click sequences. Item indices are dense and positive; 0 is
/// reserved for padding. Training (TorchSharp) and serving (ONNX Runtime) both use this builder, so the
/// tensors they see cannot drift apart.
/// </summary>
public sealed class SessionGraphBuilder
{
    private readonly EdgeWeighting _weighting;

    public SessionGraphBuilder(EdgeWeighting weighting = EdgeWeighting.Binary)
    {
        if (!Enum.IsDefined(weighting))
        {
            throw new ArgumentOutOfRangeException(nameof(weighting), weighting, "Unknown edge weighting.");
        }

        _weighting = weighting;
    }

    /// <summary>Builds the graph of a click sequence; consecutive clicks u, v give the edge u->v.</summary>
    public SessionGraph Build(ReadOnlySpan<int> clicks) => Build(clicks, ReadOnlySpan<float>.Empty);

    /// <summary>
    /// Builds the graph of a click sequence with one weight per transition (<c>clicks.Length - 1</c>
    /// positive weights, transition i is clicks[i] -> clicks[i + 1]); weights of repeated transitions add up.
    /// An empty span means "use the builder's <see cref="EdgeWeighting"/>".
    /// </summary>
    public SessionGraph Build(ReadOnlySpan<int> clicks, ReadOnlySpan<float> transitionWeights)
    {
        if (clicks.IsEmpty)
        {
            throw new ArgumentException("A session needs at least one click.", nameof(clicks));
        }

        if (!transitionWeights.IsEmpty && transitionWeights.Length != clicks.Length - 1)
        {
            throw new ArgumentException(
                $"Expected {clicks.Length - 1} transition weights for {clicks.Length} clicks, got {transitionWeights.Length}.",
                nameof(transitionWeights));
        }

        foreach (var weight in transitionWeights)
        {
            if (!(weight > 0) || float.IsInfinity(weight))
            {
                throw new ArgumentException($"Transition weights must be positive and finite; got {weight}.", nameof(transitionWeights));
            }
        }

        for (var i = 0; i < clicks.Length; i++)
        {
            if (clicks[i] <= 0)
            {
                throw new ArgumentException($"Item indices must be positive (0 is padding); position {i} holds {clicks[i]}.", nameof(clicks));
            }
        }

        // Unique items ascending, like numpy.unique in the reference implementation.
        var nodes = clicks.ToArray();
        Array.Sort(nodes);
        var n = 0;
        for (var i = 0; i < nodes.Length; i++)
        {
            if (n == 0 || nodes[n - 1] != nodes[i])
            {
                nodes[n++] = nodes[i];
            }
        }

        Array.Resize(ref nodes, n);

        var alias = new int[clicks.Length];
        for (var i = 0; i < clicks.Length; i++)
        {
            alias[i] = Array.BinarySearch(nodes, clicks[i]);
        }

        var raw = new float[n * n];
        for (var i = 0; i + 1 < clicks.Length; i++)
        {
            var cell = (alias[i] * n) + alias[i + 1];
            if (!transitionWeights.IsEmpty)
            {
                raw[cell] += transitionWeights[i];
            }
            else if (_weighting == EdgeWeighting.Count)
            {
                raw[cell] += 1f;
            }
            else
            {
                raw[cell] = 1f;
            }
        }

        return new SessionGraph(nodes, alias, NormaliseIn(raw, n), NormaliseOut(raw, n));
    }

    private static float[] NormaliseIn(float[] raw, int n)
    {
        var result = new float[n * n];
        for (var v = 0; v < n; v++)
        {
            var sum = 0f;
            for (var u = 0; u < n; u++)
            {
                sum += raw[(u * n) + v];
            }

            var divisor = sum == 0f ? 1f : sum;
            for (var u = 0; u < n; u++)
            {
                result[(v * n) + u] = raw[(u * n) + v] / divisor;
            }
        }

        return result;
    }

    private static float[] NormaliseOut(float[] raw, int n)
    {
        var result = new float[n * n];
        for (var u = 0; u < n; u++)
        {
            var sum = 0f;
            for (var v = 0; v < n; v++)
            {
                sum += raw[(u * n) + v];
            }

            var divisor = sum == 0f ? 1f : sum;
            for (var v = 0; v < n; v++)
            {
                result[(u * n) + v] = raw[(u * n) + v] / divisor;
            }
        }

        return result;
    }
}
