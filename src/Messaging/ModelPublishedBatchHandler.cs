using Streaming.Core.Contracts;

namespace Streaming.Messaging;

/// <summary>
/// Hands the <c>models</c> topic's <see cref="ModelPublished"/> events, in order, to <typeparamref name="TObserver"/>;
/// the subscription dead-letters a message that is not such an event. Generic in the observer
/// so each worker of an all-in-one process gets its own handler.
/// </summary>
/// <typeparam name="TObserver">The worker's model holder.</typeparam>
public sealed class ModelPublishedBatchHandler<TObserver>(TObserver observer) : IEventBatchHandler<ModelPublished>
    where TObserver : class, IModelPublishedObserver
{
    public async ValueTask HandleAsync(IReadOnlyList<ConsumedEvent<ModelPublished>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var published in batch)
        {
            await observer.OnPublishedAsync(published.Event, cancellationToken);
        }
    }
}
