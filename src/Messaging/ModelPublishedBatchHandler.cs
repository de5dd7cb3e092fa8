using System.Text.Json;
using Confluent.Kafka;
using Streaming.Core.Contracts;

namespace Streaming.Messaging;

/// <summary>
/// Parses the <c>models</c> topic's <see cref="ModelPublished"/> events and hands them, in order, to
/// <typeparamref name="TObserver"/>; a message that is not such an event is poison (dead-lettered to
/// <c>models.dlq</c>). Generic in the observer so each worker of an all-in-one process gets its own handler.
/// </summary>
/// <typeparam name="TObserver">The worker's model holder.</typeparam>
public sealed class ModelPublishedBatchHandler<TObserver>(TObserver observer) : IMessageBatchHandler
    where TObserver : class, IModelPublishedObserver
{
    public async ValueTask HandleAsync(IReadOnlyList<ConsumeResult<string?, byte[]>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var message in batch)
        {
            await observer.OnPublishedAsync(Parse(message), cancellationToken);
        }
    }

    private static ModelPublished Parse(ConsumeResult<string?, byte[]> message)
    {
        var published = JsonSerializer.Deserialize(message.Message.Value, StreamingJsonContext.Default.ModelPublished);
        if (published is null || string.IsNullOrEmpty(published.Name) || string.IsNullOrEmpty(published.Version))
        {
            throw new PoisonMessageException("invalid-event", "not a ModelPublished event (no model name or version)");
        }

        return published;
    }
}
