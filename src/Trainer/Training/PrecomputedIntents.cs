using Streaming.Core.Intents;

namespace Streaming.Trainer.Training;

/// <summary>
/// Turns an <see cref="IntentVectorFile"/> (the IntentWorker's batch output for one sample list) into an
/// <see cref="IntentSet"/>. A group the sample did not really have (its flag bit unset) becomes null, so the model uses
/// its learned "no intent" input; with copyEmptyGroup the stored vector is used instead when the
/// other group exists (the paper's rule: an empty group copies the other one, which the file already holds).
/// </summary>
public static class PrecomputedIntents
{
    public static IntentSet Load(string path, int sampleCount, bool copyEmptyGroup)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No intent vector file at {path}.", path);
        }

        return FromContents(IntentVectorFile.Read(path), sampleCount, copyEmptyGroup, path);
    }

    public static IntentSet FromContents(IntentVectorFileContents contents, int sampleCount, bool copyEmptyGroup, string source)
    {
        ArgumentNullException.ThrowIfNull(contents);
        if (contents.Records.Count != sampleCount)
        {
            throw new InvalidDataException(
                $"{source} holds {contents.Records.Count} records for {sampleCount} samples: record i belongs to sample i (was the precompute run cut short or limited?)");
        }

        var explicitVectors = new float[]?[sampleCount];
        var latentVectors = new float[]?[sampleCount];
        for (var i = 0; i < sampleCount; i++)
        {
            var record = contents.Records[i];
            var any = record.Groups != IntentGroups.None;
            explicitVectors[i] = record.HasExplicit || (copyEmptyGroup && any) ? record.Explicit : null;
            latentVectors[i] = record.HasLatent || (copyEmptyGroup && any) ? record.Latent : null;
        }

        return new IntentSet(contents.Dimension, explicitVectors, latentVectors);
    }
}
