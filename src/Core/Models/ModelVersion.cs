using System.Security.Cryptography;

namespace Streaming.Core.Models;

/// <summary>One published, immutable model version: its directory and manifest.</summary>
public sealed class ModelVersion
{
    internal ModelVersion(string directory, ModelVersionManifest manifest)
    {
        Directory = directory;
        Manifest = manifest;
    }

    public string Directory { get; }

    public ModelVersionManifest Manifest { get; }

    public string Version => Manifest.Version;

    /// <summary>Path of the candidate generator graph; throws when the version has none.</summary>
    public string CandidateGraphPath => PathOf(Manifest.CandidateGraph ?? throw new InvalidOperationException($"Model version {Version} has no candidate generator graph."));

    /// <summary>Path of the fused ranker graph; throws when the version has none.</summary>
    public string RankerGraphPath => PathOf(Manifest.RankerGraph ?? throw new InvalidOperationException($"Model version {Version} has no ranker graph."));

    public string CatalogPath => PathOf(Manifest.Catalog);

    public string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>Re-hashes every listed file; the names of missing or changed files (empty when intact).</summary>
    public IReadOnlyList<string> Verify()
    {
        var problems = new List<string>();
        foreach (var file in Manifest.Files)
        {
            var path = PathOf(file.Name);
            if (!File.Exists(path))
            {
                problems.Add(file.Name + ": missing");
            }
            else if (!string.Equals(Sha256Of(path), file.Sha256, StringComparison.Ordinal))
            {
                problems.Add(file.Name + ": content changed");
            }
        }

        if (!string.Equals(ContentHashOf(Manifest.Files), Manifest.ContentHash, StringComparison.Ordinal))
        {
            problems.Add("manifest: content hash does not match its file list");
        }

        return problems;
    }

    /// <summary>SHA-256 (lower-case hex) of a file.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The version's content hash: SHA-256 over the <c>name:sha256</c> lines of its files, sorted by name.</summary>
    public static string ContentHashOf(IEnumerable<ModelFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var lines = files.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => f.Name + ":" + f.Sha256 + "\n");
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Concat(lines))));
    }
}
