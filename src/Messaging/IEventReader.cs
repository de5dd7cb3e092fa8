using System.Diagnostics.CodeAnalysis;
using Confluent.Kafka;

namespace Streaming.Messaging;

/// <summary>Parses and validates a consumed message into an event, or says why it is not one.</summary>
/// <typeparam name="TEvent">The event type.</typeparam>
public interface IEventReader<TEvent>
{
    bool TryRead(ConsumeResult<string?, byte[]> message, [NotNullWhen(true)] out TEvent? @event, [NotNullWhen(false)] out MessageRejection? rejection);
}
