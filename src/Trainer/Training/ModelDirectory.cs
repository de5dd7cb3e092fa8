using System.Text.Json;
using Streaming.Trainer.Models;
using TorchSharp;

namespace Streaming.Trainer.Training;

/// <summary>
/// A trained model on disk, as <c>streaming train --out DIR</c> writes it: <c>srgnn.weights</c> or
/// <c>dmsrec.weights</c> (TorchSharp state), <c>model.json</c> (what is needed to rebuild the module)
/// and, for the temporal protocol, the item catalog the ids refer to. The registry publishes from here.
/// </summary>
public static class ModelDirectory
{
    public const string SrGnnModel = "srgnn";
    public const string DmsRecModel = "dmsrec";
    public const string WeightsFile = SrGnnModel + WeightsExtension;
    public const string DmsRecWeightsFile = DmsRecModel + WeightsExtension;
    public const string ManifestFile = "model.json";
    private const string WeightsExtension = ".weights";

    /// <summary>The weights file of a model kind (<c>srgnn.weights</c>, <c>dmsrec.weights</c>).</summary>
    public static string WeightsFileOf(string model) => model + WeightsExtension;

    public static void Save(SrGnn model, ModelManifest manifest, string directory) =>
        Write(model, manifest with { Model = SrGnnModel, IntentDimension = null, EmptyIntentGroup = null }, directory);

    public static void Save(DmsRec model, ModelManifest manifest, string directory)
    {
        ArgumentNullException.ThrowIfNull(model);
        Write(model, manifest with { Model = DmsRecModel, IntentDimension = model.IntentDimension }, directory);
    }

    /// <summary>Reads <c>model.json</c>, with a clear error when the directory is not a model directory.</summary>
    public static ModelManifest ReadManifest(string directory)
    {
        var manifestPath = Path.Combine(directory, ManifestFile);
        if (!File.Exists(manifestPath))
        {
            throw new FileNotFoundException($"No {ManifestFile} in {directory}: not a model directory written by 'streaming train --out'.", manifestPath);
        }

        var manifest = JsonSerializer.Deserialize(File.ReadAllText(manifestPath), ModelManifestJson.Default.ModelManifest)
            ?? throw new InvalidDataException($"{manifestPath} is empty.");
        if (manifest.Model is not (SrGnnModel or DmsRecModel))
        {
            throw new NotSupportedException($"{manifestPath}: model '{manifest.Model}' cannot be loaded by this version.");
        }

        if (manifest.Model == DmsRecModel && manifest.IntentDimension is not > 0)
        {
            throw new InvalidDataException($"{manifestPath}: a dmsrec model needs a positive intentDimension.");
        }

        return manifest;
    }

    /// <summary>Loads an SR-GNN directory; a fused-model directory is refused with a clear error.</summary>
    public static (SrGnn Model, ModelManifest Manifest) Load(string directory)
    {
        var manifest = ReadManifest(directory);
        if (manifest.Model != SrGnnModel)
        {
            throw new NotSupportedException($"{directory} holds a '{manifest.Model}' model; an SR-GNN model directory is needed here.");
        }

        return (LoadWeights(new SrGnn(manifest.ItemCount, manifest.Hidden, manifest.Steps), directory, manifest), manifest);
    }

    /// <summary>Loads a fused-model directory (inference only: dropout and alignment do not matter once trained).</summary>
    public static (DmsRec Model, ModelManifest Manifest) LoadDmsRec(string directory)
    {
        var manifest = ReadManifest(directory);
        if (manifest.Model != DmsRecModel)
        {
            throw new NotSupportedException($"{directory} holds a '{manifest.Model}' model; a dmsrec model directory is needed here.");
        }

        var model = new DmsRec(manifest.ItemCount, manifest.Hidden, manifest.IntentDimension!.Value, projectionDropoutRate: 0, manifest.Steps);
        return (LoadWeights(model, directory, manifest), manifest);
    }

    private static void Write(torch.nn.Module model, ModelManifest manifest, string directory)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(manifest);
        Directory.CreateDirectory(directory);
        var weights = Path.Combine(directory, WeightsFileOf(manifest.Model));
        model.save(weights + ".tmp");
        File.Move(weights + ".tmp", weights, overwrite: true);
        var manifestPath = Path.Combine(directory, ManifestFile);
        File.WriteAllText(manifestPath + ".tmp", JsonSerializer.Serialize(manifest, ModelManifestJson.Default.ModelManifest));
        File.Move(manifestPath + ".tmp", manifestPath, overwrite: true);
    }

    private static T LoadWeights<T>(T model, string directory, ModelManifest manifest)
        where T : torch.nn.Module
    {
        try
        {
            model.load(Path.Combine(directory, WeightsFileOf(manifest.Model)));
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
