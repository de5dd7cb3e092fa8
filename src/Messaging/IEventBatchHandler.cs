namespace Streaming.Messaging;

/// <summary>
/// Handles a batch of valid events (in partition order); the subscription has parsed them, checked the key and
/// dead-lettered the messages that are not such events. Must be idempotent, like every handler: a batch is handed
/// over again after a transient failure, and a crash re-delivers everything not yet committed.
/// </summary>
/// <typeparam name="TEvent">The event type of the subscription.</typeparam>
public interface IEventBatchHandler<TEvent>
{
    ValueTask HandleAsync(IReadOnlyList<ConsumedEvent<TEvent>> batch, CancellationToken cancellationToken);
}
