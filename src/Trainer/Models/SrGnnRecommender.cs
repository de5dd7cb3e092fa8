using Streaming.Trainer.Training;
using static TorchSharp.torch;

namespace Streaming.Trainer.Models;

/// <summary>SR-GNN trained with cross-entropy over all items.</summary>
public sealed class SrGnnRecommender(SrGnn model) : ISessionRecommender
{
    public string Name => "srgnn";

    public SrGnn Model { get; } = model ?? throw new ArgumentNullException(nameof(model));

    public nn.Module Module => Model;

    public Tensor Loss(SessionTensors sessions, SampleBatch batch, Tensor targets) =>
        nn.functional.cross_entropy(Model.forward(sessions), targets);

    public Tensor Scores(SessionTensors sessions, SampleBatch batch) => Model.forward(sessions);

    public void Dispose() => Model.Dispose();
}
