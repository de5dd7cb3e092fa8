using Streaming.Core.Graph;
using TorchSharp;
using static TorchSharp.torch;

namespace Streaming.Trainer.Models;

/// <summary>
/// The tensors of one <see cref="SessionGraphBatch"/>, in whichever layouts it carries. Dense:
/// items [B, N] (int64), in/out adjacency [B, N, N], alias [B, L] (int64), last node [B] (int64).
/// Edge list: flat items [T], flat alias [B, L], flat last node [B], edge from/to [E] (int64) and
/// in/out weights [E]. Mask [B, L] is shared.
/// </summary>
public sealed class SessionTensors : IDisposable
{
    private readonly List<Tensor> _owned = [];

    private SessionTensors(SessionGraphBatch batch, Device? device)
    {
        BatchSize = batch.BatchSize;
        MaxLength = batch.MaxLength;
        Mask = Own(torch.tensor(batch.Mask, [batch.BatchSize, batch.MaxLength], device: device));
        if ((batch.Layout & SessionGraphLayout.Dense) != 0)
        {
            long b = batch.BatchSize;
            long n = batch.MaxNodes;
            Items = Own(torch.tensor(batch.Items, [b, n], device: device));
            InAdjacency = Own(torch.tensor(batch.InAdjacency, [b, n, n], device: device));
            OutAdjacency = Own(torch.tensor(batch.OutAdjacency, [b, n, n], device: device));
            Alias = Own(torch.tensor(batch.Alias, [b, batch.MaxLength], device: device));
            LastNode = Own(torch.tensor(batch.LastNode, [b], device: device));
        }

        if ((batch.Layout & SessionGraphLayout.EdgeList) != 0)
        {
            FlatItems = Own(torch.tensor(batch.FlatItems, device: device));
            FlatAlias = Own(torch.tensor(batch.FlatAlias, [batch.BatchSize, batch.MaxLength], device: device));
            FlatLastNode = Own(torch.tensor(batch.FlatLastNode, device: device));
            EdgeFrom = Own(torch.tensor(batch.EdgeFrom, device: device));
            EdgeTo = Own(torch.tensor(batch.EdgeTo, device: device));
            EdgeInWeight = Own(torch.tensor(batch.EdgeInWeight, device: device));
            EdgeOutWeight = Own(torch.tensor(batch.EdgeOutWeight, device: device));
        }
    }

    public long BatchSize { get; }

    public long MaxLength { get; }

    public Tensor Mask { get; }

    public Tensor? Items { get; }

    public Tensor? InAdjacency { get; }

    public Tensor? OutAdjacency { get; }

    public Tensor? Alias { get; }

    public Tensor? LastNode { get; }

    public Tensor? FlatItems { get; }

    public Tensor? FlatAlias { get; }

    public Tensor? FlatLastNode { get; }

    public Tensor? EdgeFrom { get; }

    public Tensor? EdgeTo { get; }

    public Tensor? EdgeInWeight { get; }

    public Tensor? EdgeOutWeight { get; }

    public bool HasEdgeList => FlatItems is not null;

    /// <summary>Copies a packed batch into tensors on <paramref name="device"/> (CPU when null).</summary>
    public static SessionTensors From(SessionGraphBatch batch, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new SessionTensors(batch, device);
    }

    public void Dispose()
    {
        foreach (var tensor in _owned)
        {
            tensor.Dispose();
        }

        _owned.Clear();
    }

    private Tensor Own(Tensor tensor)
    {
        _owned.Add(tensor);
        return tensor;
    }
}
