namespace Streaming.Testing;

/// <summary>Unique topic and group names, so tests sharing one cluster never see each other's messages.</summary>
public static class KafkaTopicNames
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
