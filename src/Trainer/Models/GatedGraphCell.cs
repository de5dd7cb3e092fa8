using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Streaming.Trainer.Models;

/// <summary>
/// One propagation step of SR-GNN's gated graph network: messages along incoming and outgoing
/// edges (separate linear maps and biases, averaged by the normalised adjacency), then a GRU-style
/// update of every node state. Works on dense padded adjacency or on an edge list; both compute the
/// same thing.
/// </summary>
public sealed class GatedGraphCell : Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly Linear edgeIn;
    private readonly Linear edgeOut;
    private readonly Parameter inBias;
    private readonly Parameter outBias;
    private readonly Linear inputGates;
    private readonly Linear hiddenGates;

    public GatedGraphCell(int hidden)
        : base(nameof(GatedGraphCell))
    {
        register_module(ParameterNames.EdgeIn, edgeIn = Linear(hidden, hidden, hasBias: true));
        register_module(ParameterNames.EdgeOut, edgeOut = Linear(hidden, hidden, hasBias: true));
        register_parameter(ParameterNames.InBias, inBias = Parameter(torch.zeros(hidden)));
        register_parameter(ParameterNames.OutBias, outBias = Parameter(torch.zeros(hidden)));
        register_module(ParameterNames.InputGates, inputGates = Linear(2 * hidden, 3 * hidden, hasBias: true));
        register_module(ParameterNames.HiddenGates, hiddenGates = Linear(hidden, 3 * hidden, hasBias: true));
    }

    /// <summary>Updates node states [B, N, d] given the dense in/out adjacency [B, N, N].</summary>
    public override Tensor forward(Tensor hidden, Tensor inAdjacency, Tensor outAdjacency)
    {
        using var scope = NewDisposeScope();
        var incoming = inAdjacency.matmul(edgeIn.forward(hidden)).add(inBias);
        var outgoing = outAdjacency.matmul(edgeOut.forward(hidden)).add(outBias);
        return Update(hidden, incoming, outgoing).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Updates flat node states [T, d] given edges u->v (<paramref name="from"/>, <paramref name="to"/>)
    /// with weights In[v, u] and Out[u, v].
    /// </summary>
    public Tensor Propagate(Tensor hidden, Tensor from, Tensor to, Tensor inWeight, Tensor outWeight)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        using var scope = NewDisposeScope();
        // An implicit int -> Scalar temporary is unreachable once its handle is read, so in Release builds the GC may
        // finalize (free) it while libtorch still reads it: a rare "INTERNAL ASSERT FAILED ... Scalar.h" crash in
        // index_add. One explicit Scalar kept alive past both calls avoids that.
        using var one = 1.ToScalar();
        var towardsTarget = edgeIn.forward(hidden).index_select(0, from).mul(inWeight.unsqueeze(1));
        var incoming = torch.zeros_like(hidden).index_add(0, to, towardsTarget, one).add(inBias);
        var towardsSource = edgeOut.forward(hidden).index_select(0, to).mul(outWeight.unsqueeze(1));
        var outgoing = torch.zeros_like(hidden).index_add(0, from, towardsSource, one).add(outBias);
        return Update(hidden, incoming, outgoing).MoveToOuterDisposeScope();
    }

    private Tensor Update(Tensor hidden, Tensor incoming, Tensor outgoing)
    {
        var gi = inputGates.forward(torch.cat([incoming, outgoing], -1)).chunk(3, -1);
        var gh = hiddenGates.forward(hidden).chunk(3, -1);
        var reset = torch.sigmoid(gi[0].add(gh[0]));
        var update = torch.sigmoid(gi[1].add(gh[1]));
        var candidate = torch.tanh(gi[2].add(reset.mul(gh[2])));
        return candidate.add(update.mul(hidden.sub(candidate)));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            edgeIn.Dispose();
            edgeOut.Dispose();
            inBias.Dispose();
            outBias.Dispose();
            inputGates.Dispose();
            hiddenGates.Dispose();
        }

        base.Dispose(disposing);
    }
}
