using Streaming.Trainer.Training;
using static TorchSharp.torch;

namespace Streaming.Trainer.Models;

/// <summary>
/// A trainable session recommender as the training loop sees it: a module, a training loss, and
/// scores over all items. Side inputs (intent vectors) are looked up by sample index.
/// </summary>
public interface ISessionRecommender : IDisposable
{
    /// <summary>The model name written to reports ("srgnn", "dmsrec").</summary>
    string Name { get; }

    nn.Module Module { get; }

    /// <summary>The loss to minimise for a training batch; targets are 0-based item columns.</summary>
    Tensor Loss(SessionTensors sessions, SampleBatch batch, Tensor targets);

    /// <summary>Scores [B, items] for evaluation.</summary>
    Tensor Scores(SessionTensors sessions, SampleBatch batch);
}
