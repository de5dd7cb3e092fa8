using Streaming.Core.Catalog;
using Streaming.Core.Models;
using Streaming.Serving;

namespace Streaming.Ranker;

/// <summary>
/// One loaded model version; <see cref="Ranker"/> is null for a version without a fused ranker graph.
/// <see cref="CopyEmptyGroup"/>: feed an empty intent group as the stored copy of the other group (else as absent).
/// Disposing it frees its ONNX Runtime session.
/// </summary>
public sealed record LoadedRanker(string Version, ItemCatalog Catalog, OnnxRanker? Ranker, int IntentDimension, bool CopyEmptyGroup) : IDisposable
{
    public int Number { get; } = ModelRegistry.VersionNumber(Version) ?? 0;

    public void Dispose() => Ranker?.Dispose();
}
