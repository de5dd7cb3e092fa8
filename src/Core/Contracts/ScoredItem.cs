namespace Streaming.Core.Contracts;

/// <summary>An item (external id) with a model score.</summary>
public sealed record ScoredItem(string ItemId, float Score);
