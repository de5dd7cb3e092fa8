using System.Globalization;
using System.Text.Json;

namespace Streaming.Core.Models;

/// <summary>
/// Reads a model registry: a directory of immutable version directories (<c>v000001</c>, <c>v000002</c>, …),
/// each with a <see cref="ModelVersionManifest.FileName"/>, its ONNX graphs and item catalog. Publishers
/// build a version in a hidden staging directory and rename it into place, so a reader never sees a
/// half-written version; directories starting with '.' are staging and ignored.
/// </summary>
public sealed class ModelRegistry
{
    public const string VersionPrefix = "v";

    public ModelRegistry(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = root;
    }

    public string Root { get; }

    /// <summary>The directory name of version number <paramref name="number"/>.</summary>
    public static string VersionName(int number) => VersionPrefix + number.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>The number of a version directory name, or null when the name is not one.</summary>
    public static int? VersionNumber(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.StartsWith(VersionPrefix, StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(VersionPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && number > 0
                ? number
                : null;
    }

    /// <summary>Every published version, oldest first (an absent registry has none).</summary>
    public IReadOnlyList<ModelVersion> List()
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        return Directory.EnumerateDirectories(Root)
            .Select(d => (Path: d, Number: VersionNumber(Path.GetFileName(d))))
            .Where(d => d.Number is not null && File.Exists(Path.Combine(d.Path, ModelVersionManifest.FileName)))
            .OrderBy(d => d.Number)
            .Select(d => Open(d.Path))
            .ToList();
    }

    /// <summary>The newest version, or null when nothing is published yet.</summary>
    public ModelVersion? Latest()
    {
        var versions = List();
        return versions.Count == 0 ? null : versions[^1];
    }

    /// <summary>The version named <paramref name="version"/> (e.g. <c>v000003</c>).</summary>
    public ModelVersion Get(string version)
    {
        if (VersionNumber(version) is null)
        {
            throw new ArgumentException($"'{version}' is not a version name (expected {VersionName(1)} and up).", nameof(version));
        }

        var directory = Path.Combine(Root, version);
        if (!File.Exists(Path.Combine(directory, ModelVersionManifest.FileName)))
        {
            throw new DirectoryNotFoundException($"No model version {version} in {Root}.");
        }

        return Open(directory);
    }

    /// <summary>The next free version number (1 for an empty registry).</summary>
    public int NextNumber()
    {
        if (!Directory.Exists(Root))
        {
            return 1;
        }

        var numbers = Directory.EnumerateDirectories(Root).Select(d => VersionNumber(Path.GetFileName(d)) ?? 0);
        return numbers.DefaultIfEmpty(0).Max() + 1;
    }

    /// <summary>Reads one version directory's manifest.</summary>
    public static ModelVersion Open(string directory)
    {
        var path = Path.Combine(directory, ModelVersionManifest.FileName);
        ModelVersionManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(File.ReadAllText(path), ModelManifestJson.Default.ModelVersionManifest);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a model manifest ({ex.Message}).", ex);
        }

        return manifest is null
            ? throw new InvalidDataException($"{path} is empty.")
            : new ModelVersion(directory, manifest);
    }
}
