using Streaming.Core.Catalog;
using Streaming.Core.Models;
using Streaming.Serving;

namespace Streaming.Candidates;

/// <summary>One loaded model version; disposing it frees its ONNX Runtime session.</summary>
public sealed record LoadedCandidateModel(string Version, ItemCatalog Catalog, OnnxCandidateGenerator Generator) : IDisposable
{
    public int Number { get; } = ModelRegistry.VersionNumber(Version) ?? 0;

    public void Dispose() => Generator.Dispose();
}
