using TorchSharp;
using Streaming.Trainer.Training;
using static TorchSharp.torch;

namespace Streaming.Trainer.Models;

/// <summary>
/// Trains <see cref="DmsRec"/> with <c>CE + sigma * alignment</c>. During training each intent group
/// of each sample is hidden with probability <c>missingIntentRate</c>, so the learned "no intent"
/// input is trained for sessions whose intents have not arrived yet.
/// </summary>
public sealed class DmsRecRecommender : ISessionRecommender
{
    private readonly IntentSet _train;
    private readonly IntentSet _test;
    private readonly double _sigma;
    private readonly double _missingIntentRate;
    private readonly Random _random;

    public DmsRecRecommender(DmsRec model, IntentSet train, IntentSet test, double sigma, double missingIntentRate, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        if (train.Dimension != model.IntentDimension || test.Dimension != model.IntentDimension)
        {
            throw new ArgumentException($"Intent vectors must have {model.IntentDimension} components.", nameof(train));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(sigma);
        ArgumentOutOfRangeException.ThrowIfNegative(missingIntentRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(missingIntentRate, 1);
        Model = model;
        _train = train;
        _test = test;
        _sigma = sigma;
        _missingIntentRate = missingIntentRate;
        _random = new Random(seed);
    }

    public string Name => "dmsrec";

    public DmsRec Model { get; }

    public nn.Module Module => Model;

    /// <summary>When true, evaluation ignores every intent (the answer before the IntentWorker has spoken).</summary>
    public bool EvaluateWithoutIntents { get; set; }

    public Tensor Loss(SessionTensors sessions, SampleBatch batch, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var intents = Intents(batch, training: true);
        var (scores, alignment) = Model.forward(sessions, intents);
        using var sigma = _sigma.ToScalar();
        return nn.functional.cross_entropy(scores, targets).add(alignment.mul(sigma));
    }

    public Tensor Scores(SessionTensors sessions, SampleBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var intents = Intents(batch, training: false);
        var (scores, alignment) = Model.forward(sessions, intents);
        alignment.Dispose();
        return scores;
    }

    public void Dispose() => Model.Dispose();

    private IntentTensors Intents(SampleBatch batch, bool training)
    {
        var set = batch.Set == SampleSet.Train ? _train : _test;
        var dimension = set.Dimension;
        var count = batch.Indices.Length;
        var explicitVectors = new float[count * dimension];
        var latentVectors = new float[count * dimension];
        var hasExplicit = new float[count];
        var hasLatent = new float[count];
        for (var i = 0; i < count; i++)
        {
            var index = batch.Indices[i];
            hasExplicit[i] = Copy(set.Explicit[index], explicitVectors, i * dimension, training);
            hasLatent[i] = Copy(set.Latent[index], latentVectors, i * dimension, training);
        }

        return new IntentTensors(explicitVectors, latentVectors, hasExplicit, hasLatent, count, dimension);
    }

    private float Copy(float[]? vector, float[] destination, int offset, bool training)
    {
        if (vector is null || (!training && EvaluateWithoutIntents) || (training && _random.NextDouble() < _missingIntentRate))
        {
            return 0f;
        }

        vector.CopyTo(destination, offset);
        return 1f;
    }
}
