using Confluent.Kafka;

namespace Streaming.Messaging;

/// <summary>Runs an <see cref="IMessageHandler"/> over a batch, one message after the other.</summary>
internal sealed class PerMessageBatchHandler(IMessageHandler inner) : IMessageBatchHandler
{
    public async ValueTask HandleAsync(IReadOnlyList<ConsumeResult<string?, byte[]>> batch, CancellationToken cancellationToken)
    {
        foreach (var message in batch)
        {
            await inner.HandleAsync(message, cancellationToken);
        }
    }
}
