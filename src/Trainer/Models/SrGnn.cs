using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Streaming.Trainer.Models;

/// <summary>
/// SR-GNN (Wu et al., AAAI 2019) as in the authors' code: the <see cref="SessionEncoder"/> and the hybrid head
/// <c>Linear([s_global; s_last]) -> d</c>; scores = inner product with every item embedding.
/// Item ids are 1..<c>itemCount</c>; score column i is item i + 1.
/// </summary>
public sealed class SrGnn : Module<SessionTensors, Tensor>
{
    private readonly SessionEncoder encoder;
    private readonly Linear hybrid;

    public SrGnn(int itemCount, int hidden, int steps = 1)
        : base(nameof(SrGnn))
    {
        register_module(ParameterNames.Encoder, encoder = new SessionEncoder(itemCount, hidden, steps));
        register_module(ParameterNames.Hybrid, hybrid = Linear(2 * hidden, hidden, hasBias: true));
        ResetParameters();
    }

    public int ItemCount => encoder.ItemCount;

    public int Hidden => encoder.Hidden;

    /// <summary>The reference initialisation: every parameter uniform in (-1/sqrt(d), 1/sqrt(d)).</summary>
    public void ResetParameters() => UniformInitialisation.Apply(this, Hidden);

    /// <summary>Scores of every item for each session: [B, itemCount].</summary>
    public override Tensor forward(SessionTensors input)
    {
        using var scope = NewDisposeScope();
        var (global, last) = encoder.forward(input);
        var session = hybrid.forward(torch.cat([global, last], 1));
        return encoder.Score(session).MoveToOuterDisposeScope();
    }

    /// <summary>The encoder's global (attention) and last-click session vectors, each [B, d].</summary>
    public (Tensor Global, Tensor Last) Represent(SessionTensors input) => encoder.forward(input);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            encoder.Dispose();
            hybrid.Dispose();
        }

        base.Dispose(disposing);
    }
}
