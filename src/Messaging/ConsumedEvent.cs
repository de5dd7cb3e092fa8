using Confluent.Kafka;

namespace Streaming.Messaging;

/// <summary>A consumed message, parsed and validated into its event.</summary>
/// <typeparam name="TEvent">The event type of the subscription.</typeparam>
/// <param name="Event">The event.</param>
/// <param name="Source">The message it came from (topic, partition, offset, key, headers).</param>
public sealed record ConsumedEvent<TEvent>(TEvent Event, ConsumeResult<string?, byte[]> Source)
{
    /// <summary>The message's headers, to pass on as the cause of what the handler publishes.</summary>
    public Headers? Headers => Source.Message.Headers;
}
