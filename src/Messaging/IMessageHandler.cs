using Confluent.Kafka;

namespace Streaming.Messaging;

/// <summary>Handles one consumed message; for handlers with nothing to gain from batching. Must be idempotent.</summary>
public interface IMessageHandler
{
    ValueTask HandleAsync(ConsumeResult<string?, byte[]> message, CancellationToken cancellationToken);
}
