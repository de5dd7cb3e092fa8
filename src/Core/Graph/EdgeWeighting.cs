namespace Streaming.Core.Graph;

/// <summary>How the raw adjacency of a session graph is filled before normalisation.</summary>
public enum EdgeWeighting
{
    /// <summary>An edge u->v weighs 1 however often the transition occurs (the official SR-GNN code).</summary>
    Binary,

    /// <summary>An edge u->v weighs the number of times the transition occurs.</summary>
    Count,
}
