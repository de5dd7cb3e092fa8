using TorchSharp;
using static TorchSharp.torch;

namespace Streaming.Trainer.Models;

/// <summary>
/// The intent inputs of a batch: explicit and latent vectors [B, D] and whether each is present
/// [B, 1] (1 = present, 0 = use the learned "no intent" input).
/// </summary>
public sealed class IntentTensors : IDisposable
{
    public IntentTensors(float[] explicitVectors, float[] latentVectors, float[] hasExplicit, float[] hasLatent, int batchSize, int dimension)
    {
        Explicit = torch.tensor(explicitVectors, [batchSize, dimension]);
        Latent = torch.tensor(latentVectors, [batchSize, dimension]);
        HasExplicit = torch.tensor(hasExplicit, [batchSize, 1]);
        HasLatent = torch.tensor(hasLatent, [batchSize, 1]);
    }

    public Tensor Explicit { get; }

    public Tensor Latent { get; }

    public Tensor HasExplicit { get; }

    public Tensor HasLatent { get; }

    public void Dispose()
    {
        Explicit.Dispose();
        Latent.Dispose();
        HasExplicit.Dispose();
        HasLatent.Dispose();
    }
}
