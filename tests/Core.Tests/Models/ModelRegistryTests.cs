using System.Text.Json;
using Streaming.Core.Models;

namespace Streaming.Core.Tests.Models;

public sealed class ModelRegistryTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "model-registry-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Version_names_round_trip_and_other_names_are_not_versions()
    {
        Assert.Equal("v000042", ModelRegistry.VersionName(42));
        Assert.Equal(42, ModelRegistry.VersionNumber("v000042"));
        Assert.Null(ModelRegistry.VersionNumber(".staging-v000001"));
        Assert.Null(ModelRegistry.VersionNumber("v0"));
        Assert.Null(ModelRegistry.VersionNumber("v-1"));
        Assert.Null(ModelRegistry.VersionNumber("latest"));
    }

    [Fact]
    public void An_absent_registry_is_empty()
    {
        var registry = new ModelRegistry(_root);

        Assert.Empty(registry.List());
        Assert.Null(registry.Latest());
        Assert.Equal(1, registry.NextNumber());
    }

    [Fact]
    public void Lists_versions_in_number_order_and_skips_staging_and_unfinished_directories()
    {
        Write("v000010");
        Write("v000002");
        Directory.CreateDirectory(Path.Combine(_root, "v000011"));
        Directory.CreateDirectory(Path.Combine(_root, ".staging-abc"));
        var registry = new ModelRegistry(_root);

        Assert.Equal(["v000002", "v000010"], registry.List().Select(v => v.Version));
        Assert.Equal("v000010", registry.Latest()!.Version);
        Assert.Equal(12, registry.NextNumber());
        Assert.Throws<DirectoryNotFoundException>(() => registry.Get("v000011"));
        Assert.Throws<ArgumentException>(() => registry.Get("../v000002"));
    }

    [Fact]
    public void Content_hash_ignores_file_order_and_changes_with_any_file()
    {
        ModelFile[] files = [new("a.onnx", 3, "aa"), new("catalog.tsv", 5, "bb")];

        Assert.Equal(ModelVersion.ContentHashOf(files), ModelVersion.ContentHashOf(files.Reverse()));
        Assert.NotEqual(ModelVersion.ContentHashOf(files), ModelVersion.ContentHashOf([files[0], files[1] with { Sha256 = "bc" }]));
    }

    [Fact]
    public void A_broken_manifest_is_a_clear_error()
    {
        var directory = Path.Combine(_root, "v000001");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ModelVersionManifest.FileName), "{ not json");

        var error = Assert.Throws<InvalidDataException>(() => new ModelRegistry(_root).Latest());
        Assert.Contains("not a model manifest", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private void Write(string version)
    {
        var directory = Path.Combine(_root, version);
        Directory.CreateDirectory(directory);
        var manifest = new ModelVersionManifest(
            version, DateTimeOffset.UnixEpoch, "srgnn", "toy", 3, 4, 1, 3, null, InferenceGraph.CandidateGeneratorFile, null, "catalog.tsv",
            new DataWindow("toy"), new Dictionary<string, string>(), new Dictionary<string, double>(), [], ModelVersion.ContentHashOf([]));
        File.WriteAllText(Path.Combine(directory, ModelVersionManifest.FileName), JsonSerializer.Serialize(manifest, ModelManifestJson.Default.ModelVersionManifest));
    }
}
