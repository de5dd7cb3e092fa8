namespace Streaming.Trainer.Training;

/// <summary>
/// Intent vectors per sample of one list (train or test): explicit and latent, each null when the
/// sample has none. All vectors have <see cref="Dimension"/> components.
/// </summary>
public sealed class IntentSet
{
    public IntentSet(int dimension, IReadOnlyList<float[]?> explicitVectors, IReadOnlyList<float[]?> latentVectors)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentNullException.ThrowIfNull(explicitVectors);
        ArgumentNullException.ThrowIfNull(latentVectors);
        if (explicitVectors.Count != latentVectors.Count)
        {
            throw new ArgumentException("Explicit and latent lists must have one entry per sample.", nameof(latentVectors));
        }

        foreach (var vector in explicitVectors.Concat(latentVectors))
        {
            if (vector is not null && vector.Length != dimension)
            {
                throw new ArgumentException($"Every intent vector must have {dimension} components.", nameof(explicitVectors));
            }
        }

        Dimension = dimension;
        Explicit = explicitVectors;
        Latent = latentVectors;
    }

    public int Dimension { get; }

    public IReadOnlyList<float[]?> Explicit { get; }

    public IReadOnlyList<float[]?> Latent { get; }

    public int Count => Explicit.Count;

    /// <summary>A set where no sample has intents (serving before the IntentWorker has spoken).</summary>
    public static IntentSet None(int dimension, int count) =>
        new(dimension, new float[]?[count], new float[]?[count]);
}
