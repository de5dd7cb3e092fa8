using System.Text.Json.Serialization;

namespace Streaming.Core.Contracts;

/// <summary>Source-generated serializers for the internal events (camelCase, no reflection at run time).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SessionUpdated))]
[JsonSerializable(typeof(CandidatesGenerated))]
[JsonSerializable(typeof(IntentsInferred))]
[JsonSerializable(typeof(RecommendationsIssued))]
[JsonSerializable(typeof(ModelPublished))]
public sealed partial class StreamingJsonContext : JsonSerializerContext;
