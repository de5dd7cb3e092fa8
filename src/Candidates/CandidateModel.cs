using Microsoft.Extensions.Options;
using Streaming.Core.Catalog;
using Streaming.Core.Models;
using Streaming.Serving;

namespace Streaming.Candidates;

/// <summary>
/// The served candidate generator: the latest registry version's ONNX graph and item catalog, loaded on first use
/// (so host start is not held up) and kept for the process's life. Null when no registry is configured or it is empty.
/// </summary>
public sealed class CandidateModel(IOptions<CandidatesOptions> options) : IDisposable
{
    private readonly Lazy<Loaded?> _loaded = new(() => Load(options.Value), LazyThreadSafetyMode.ExecutionAndPublication);

    public Loaded? Current => _loaded.Value;

    public void Dispose()
    {
        if (_loaded.IsValueCreated)
        {
            _loaded.Value?.Generator.Dispose();
        }
    }

    private static Loaded? Load(CandidatesOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.RegistryPath) || !Directory.Exists(options.RegistryPath))
        {
            return null;
        }

        var version = new ModelRegistry(options.RegistryPath).Latest();
        if (version is null)
        {
            return null;
        }

        var generator = OnnxCandidateGenerator.Load(version.CandidateGraphPath, new OnnxSessionOptions { IntraOpThreads = options.IntraOpThreads });
        return new Loaded(version.Version, ItemCatalog.Load(version.CatalogPath), generator);
    }

    /// <summary>One loaded model version.</summary>
    public sealed record Loaded(string Version, ItemCatalog Catalog, OnnxCandidateGenerator Generator);
}
