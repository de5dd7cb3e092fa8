using System.Text.Json.Serialization;
using Streaming.Core.Models;

namespace Streaming.Trainer.Training;

/// <summary>
/// What <c>model.json</c> records about a trained model: enough to rebuild the module
/// (<see cref="IntentDimension"/> only for <c>dmsrec</c>), what it was trained on (<see cref="DataWindow"/>;
/// null in directories written before it existed) and, for <c>dmsrec</c>, how a missing intent group was fed
/// in training (<see cref="EmptyIntentGroup"/>: <c>learned</c> or <c>copy</c>), which serving must repeat.
/// </summary>
public sealed record ModelManifest(
    string Model,
    string Dataset,
    int ItemCount,
    int Hidden,
    int Steps,
    int Epoch,
    int? IntentDimension = null,
    DataWindow? DataWindow = null,
    string? EmptyIntentGroup = null);

/// <summary>Source-generated JSON for <see cref="ModelManifest"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelManifest))]
internal sealed partial class ModelManifestJson : JsonSerializerContext;
