using System.Text.Json;
using Streaming.Trainer.Models;

namespace Streaming.Trainer.Training;

/// <summary>
/// A trained SR-GNN on disk: <c>srgnn.weights</c> (TorchSharp state) and <c>model.json</c> (what is
/// needed to rebuild the module). A first step towards the versioned model registry.
/// </summary>
public static class ModelDirectory
{
    public const string WeightsFile = "srgnn.weights";
    public const string ManifestFile = "model.json";

    public static void Save(SrGnn model, ModelManifest manifest, string directory)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(manifest);
        Directory.CreateDirectory(directory);
        var weights = Path.Combine(directory, WeightsFile);
        model.save(weights + ".tmp");
        File.Move(weights + ".tmp", weights, overwrite: true);
        var manifestPath = Path.Combine(directory, ManifestFile);
        File.WriteAllText(manifestPath + ".tmp", JsonSerializer.Serialize(manifest, ModelManifestJson.Default.ModelManifest));
        File.Move(manifestPath + ".tmp", manifestPath, overwrite: true);
    }

    public static (SrGnn Model, ModelManifest Manifest) Load(string directory)
    {
        var manifestPath = Path.Combine(directory, ManifestFile);
        if (!File.Exists(manifestPath))
        {
            throw new FileNotFoundException($"No {ManifestFile} in {directory}: not a model directory written by 'streaming train --out'.", manifestPath);
        }

        var manifest = JsonSerializer.Deserialize(File.ReadAllText(manifestPath), ModelManifestJson.Default.ModelManifest)
            ?? throw new InvalidDataException($"{manifestPath} is empty.");
        if (manifest.Model != "srgnn")
        {
            throw new NotSupportedException($"{manifestPath}: model '{manifest.Model}' cannot be loaded by this version.");
        }

        var model = new SrGnn(manifest.ItemCount, manifest.Hidden, manifest.Steps);
        try
        {
            model.load(Path.Combine(directory, WeightsFile));
            return (model, manifest);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
