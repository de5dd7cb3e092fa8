using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Streaming.Trainer.Models;

/// <summary>
/// SR-GNN's session encoder (Wu et al., AAAI 2019, as in the authors' code): item embeddings, gated graph steps over
/// the session graph and soft attention over the click positions keyed by the last click. It yields the two session
/// vectors a head combines (<see cref="SrGnn"/>'s hybrid layer, <see cref="DmsRec"/>'s fusion layer) and scores a
/// combined vector against every item embedding. Item ids are 1..<c>itemCount</c>; embedding row 0 is padding;
/// score column i is item i + 1.
/// </summary>
public sealed class SessionEncoder : Module<SessionTensors, (Tensor Global, Tensor Last)>
{
    private readonly Embedding embedding;
    private readonly GatedGraphCell cell;
    private readonly Linear lastQuery;
    private readonly Linear positionKey;
    private readonly Linear attention;

    public SessionEncoder(int itemCount, int hidden, int steps = 1)
        : base(nameof(SessionEncoder))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(itemCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ItemCount = itemCount;
        Hidden = hidden;
        Steps = steps;
        // Registered by name (ParameterNames), in this order: the order fixes the random initialisation's stream.
        register_module(ParameterNames.Embedding, embedding = Embedding(itemCount + 1, hidden));
        register_module(ParameterNames.Cell, cell = new GatedGraphCell(hidden));
        register_module(ParameterNames.LastQuery, lastQuery = Linear(hidden, hidden, hasBias: true));
        register_module(ParameterNames.PositionKey, positionKey = Linear(hidden, hidden, hasBias: true));
        register_module(ParameterNames.Attention, attention = Linear(hidden, 1, hasBias: false));
    }

    public int ItemCount { get; }

    public int Hidden { get; }

    public int Steps { get; }

    /// <summary>
    /// The two session vectors the readout builds: the attention-weighted sum over click positions
    /// (global) and the last click's node state (last), each [B, d].
    /// </summary>
    public override (Tensor Global, Tensor Last) forward(SessionTensors input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var batch = input.BatchSize;
        var length = input.MaxLength;
        Tensor positions;
        Tensor last;
        if (input.HasEdgeList)
        {
            var nodes = embedding.forward(input.FlatItems!);
            for (var s = 0; s < Steps; s++)
            {
                nodes = cell.Propagate(nodes, input.EdgeFrom!, input.EdgeTo!, input.EdgeInWeight!, input.EdgeOutWeight!);
            }

            positions = nodes.index_select(0, input.FlatAlias!.view(-1)).view(batch, length, Hidden);
            last = nodes.index_select(0, input.FlatLastNode!);
        }
        else
        {
            var nodes = embedding.forward(input.Items ?? throw new ArgumentException("The batch carries no layout.", nameof(input)));
            for (var s = 0; s < Steps; s++)
            {
                nodes = cell.forward(nodes, input.InAdjacency!, input.OutAdjacency!);
            }

            positions = nodes.gather(1, input.Alias!.unsqueeze(-1).expand(batch, length, Hidden));
            last = nodes.gather(1, input.LastNode!.view(batch, 1, 1).expand(batch, 1, Hidden)).squeeze(1);
        }

        var weights = attention.forward(torch.sigmoid(lastQuery.forward(last).unsqueeze(1).add(positionKey.forward(positions))));
        var global = weights.mul(positions).mul(input.Mask.unsqueeze(-1)).sum(1);
        return (global.MoveToOuterDisposeScope(), last.MoveToOuterDisposeScope());
    }

    /// <summary>Inner product of session vectors [B, d] with every item embedding (padding excluded).</summary>
    public Tensor Score(Tensor session)
    {
        using var scope = NewDisposeScope();
        var items = embedding.weight!.narrow(0, 1, ItemCount);
        return session.matmul(items.t()).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            embedding.Dispose();
            cell.Dispose();
            lastQuery.Dispose();
            positionKey.Dispose();
            attention.Dispose();
        }

        base.Dispose(disposing);
    }
}
