using System.Text.Json.Serialization;

namespace Streaming.Core.Models;

/// <summary>Source-generated JSON for <see cref="ModelVersionManifest"/> (camelCase, indented).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelVersionManifest))]
public sealed partial class ModelManifestJson : JsonSerializerContext;
