namespace Streaming.Core.Live;

/// <summary>A directed transition between two nodes of a live session (indices into its node list) and how often it occurs.</summary>
public readonly record struct SessionEdge(int From, int To, int Weight);
