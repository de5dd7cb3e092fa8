using Streaming.Core.Datasets.PaperSplits;

namespace Streaming.Trainer.Training;

/// <summary>
/// Intent vectors for wiring tests until real LLM intents exist. <see cref="Signal"/> LEAKS the
/// target on purpose (the latent vector encodes the target's group), so it only proves that the
/// fusion can learn from intents; never report its accuracy as a result. <see cref="Noise"/> carries
/// nothing and must not help.
/// </summary>
public static class SyntheticIntents
{
    /// <summary>
    /// Items fall into <paramref name="groups"/> random groups with a random unit vector each. Explicit =
    /// the mean group vector of the session's items; latent = the target's group vector; both plus
    /// Gaussian noise of standard deviation <paramref name="noise"/> per component.
    /// </summary>
    public static IntentSet Signal(IReadOnlyList<PaperSample> samples, int itemCount, int dimension, int groups, double noise, int seed)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var random = new Random(seed);
        var groupOf = Enumerable.Range(0, itemCount + 1).Select(_ => random.Next(groups)).ToArray();
        var centres = Enumerable.Range(0, groups).Select(_ => UnitVector(random, dimension)).ToArray();
        var noiseRandom = new Random(seed + 1);
        var explicitVectors = new float[]?[samples.Count];
        var latentVectors = new float[]?[samples.Count];
        for (var s = 0; s < samples.Count; s++)
        {
            var sample = samples[s];
            var mean = new float[dimension];
            foreach (var item in sample.Items)
            {
                var centre = centres[groupOf[item]];
                for (var d = 0; d < dimension; d++)
                {
                    mean[d] += centre[d] / sample.Items.Length;
                }
            }

            explicitVectors[s] = AddNoise(mean, noise, noiseRandom);
            latentVectors[s] = AddNoise([.. centres[groupOf[sample.Target]]], noise, noiseRandom);
        }

        return new IntentSet(dimension, explicitVectors, latentVectors);
    }

    /// <summary>Independent random unit vectors: no information about the session or the target.</summary>
    public static IntentSet Noise(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        return new IntentSet(
            dimension,
            Enumerable.Range(0, count).Select(_ => (float[]?)UnitVector(random, dimension)).ToArray(),
            Enumerable.Range(0, count).Select(_ => (float[]?)UnitVector(random, dimension)).ToArray());
    }

    private static float[] UnitVector(Random random, int dimension)
    {
        var vector = new float[dimension];
        var norm = 0.0;
        for (var d = 0; d < dimension; d++)
        {
            vector[d] = (float)Gaussian(random);
            norm += vector[d] * vector[d];
        }

        var scale = (float)(1 / Math.Sqrt(norm));
        for (var d = 0; d < dimension; d++)
        {
            vector[d] *= scale;
        }

        return vector;
    }

    private static float[] AddNoise(float[] vector, double deviation, Random random)
    {
        for (var d = 0; d < vector.Length; d++)
        {
            vector[d] += (float)(deviation * Gaussian(random));
        }

        return vector;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
