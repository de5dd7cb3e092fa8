using System.Text.Json.Serialization;

namespace Streaming.Trainer.Training;

/// <summary>What <c>model.json</c> records about a trained model.</summary>
public sealed record ModelManifest(string Model, string Dataset, int ItemCount, int Hidden, int Steps, int Epoch);

/// <summary>Source-generated JSON for <see cref="ModelManifest"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ModelManifest))]
internal sealed partial class ModelManifestJson : JsonSerializerContext;
