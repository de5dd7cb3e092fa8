using System.Text.Json;
using Streaming.Core.Catalog;
using Streaming.Core.Models;
using Streaming.Trainer.Onnx;

namespace Streaming.Trainer.Registry;

/// <summary>
/// Publishes a model version into a <see cref="ModelRegistry"/>: exports the ONNX graphs, writes the
/// catalog and any extra files into a hidden staging directory, hashes them, writes the manifest, and
/// renames the directory to the next version name (a rename within one file system is atomic, so
/// readers see either nothing or the whole version). A concurrent publisher that takes the same
/// number first makes this one retry with the next.
/// </summary>
public static class ModelPublisher
{
    private const int Attempts = 16;

    public static ModelVersion Publish(ModelRegistry registry, ModelPublication publication, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(publication);
        var candidate = publication.CandidateModel;
        if (publication.Catalog.Count != candidate.ItemCount)
        {
            throw new ArgumentException($"The catalog has {publication.Catalog.Count} items but the model scores {candidate.ItemCount}.", nameof(publication));
        }

        if (publication.Ranker is { } ranker && ranker.ItemCount != candidate.ItemCount)
        {
            throw new ArgumentException("The ranker and the candidate generator must score the same items.", nameof(publication));
        }

        Directory.CreateDirectory(registry.Root);
        var staging = Path.Combine(registry.Root, ".staging-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            var files = WriteFiles(publication, staging);
            var now = (time ?? TimeProvider.System).GetUtcNow();
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var version = ModelRegistry.VersionName(registry.NextNumber());
                var manifest = Manifest(publication, version, now, files);
                File.WriteAllText(Path.Combine(staging, ModelVersionManifest.FileName), JsonSerializer.Serialize(manifest, ModelManifestJson.Default.ModelVersionManifest));
                var target = Path.Combine(registry.Root, version);
                try
                {
                    Directory.Move(staging, target);
                    return ModelRegistry.Open(target);
                }
                catch (IOException) when (Directory.Exists(target))
                {
                    // Another publisher took this number between NextNumber and the rename: take the next one.
                }
            }

            throw new IOException($"Could not claim a version name in {registry.Root} after {Attempts} attempts.");
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static List<ModelFile> WriteFiles(ModelPublication publication, string staging)
    {
        var names = new List<string>();
        var candidateBytes = OnnxExport.CandidateGenerator(publication.CandidateModel, publication.Steps, publication.TopK);
        File.WriteAllBytes(Path.Combine(staging, InferenceGraph.CandidateGeneratorFile), candidateBytes);
        names.Add(InferenceGraph.CandidateGeneratorFile);
        if (publication.Ranker is { } ranker)
        {
            File.WriteAllBytes(Path.Combine(staging, InferenceGraph.RankerFile), OnnxExport.Ranker(ranker, publication.Steps, publication.TopK));
            names.Add(InferenceGraph.RankerFile);
        }

        publication.Catalog.Save(Path.Combine(staging, ItemCatalog.FileName));
        names.Add(ItemCatalog.FileName);
        foreach (var (name, source) in publication.ExtraFiles)
        {
            if (Path.GetFileName(name) != name || names.Contains(name, StringComparer.Ordinal) || name == ModelVersionManifest.FileName)
            {
                throw new ArgumentException($"'{name}' cannot be an extra file name (a plain, unused file name is needed).", nameof(publication));
            }

            File.Copy(source, Path.Combine(staging, name));
            names.Add(name);
        }

        return names
            .Select(name => Path.Combine(staging, name))
            .Select(path => new ModelFile(Path.GetFileName(path), new FileInfo(path).Length, ModelVersion.Sha256Of(path)))
            .ToList();
    }

    private static ModelVersionManifest Manifest(ModelPublication publication, string version, DateTimeOffset now, List<ModelFile> files) =>
        new(
            Version: version,
            CreatedUtc: now,
            Model: publication.Ranker is null ? "srgnn" : "dmsrec",
            Dataset: publication.Dataset,
            ItemCount: publication.CandidateModel.ItemCount,
            Hidden: publication.CandidateModel.Hidden,
            Steps: publication.Steps,
            TopK: Math.Min(publication.TopK, publication.CandidateModel.ItemCount),
            IntentDimension: publication.Ranker?.IntentDimension,
            CandidateGraph: InferenceGraph.CandidateGeneratorFile,
            RankerGraph: publication.Ranker is null ? null : InferenceGraph.RankerFile,
            Catalog: ItemCatalog.FileName,
            DataWindow: publication.DataWindow,
            HyperParameters: publication.HyperParameters,
            Metrics: publication.Metrics,
            Files: files,
            ContentHash: ModelVersion.ContentHashOf(files));
}
