using Confluent.Kafka;

namespace Streaming.Messaging;

/// <summary>
/// The typed subscription's batch handler: reads every message of the batch with the <see cref="IEventReader{TEvent}"/>,
/// hands the valid events to <see cref="IEventBatchHandler{TEvent}"/>, and only then dead-letters the others, all at
/// once, each with its reason. Bad input thus never fails a batch nor re-runs the good messages, and a retry of the
/// batch (the handler failed) does not dead-letter the same message twice.
/// </summary>
internal sealed class EventBatchHandler<TEvent>(
    IEventReader<TEvent> reader,
    IEventBatchHandler<TEvent> handler,
    DeadLetterPublisher deadLetters) : IMessageBatchHandler
{
    public async ValueTask HandleAsync(IReadOnlyList<ConsumeResult<string?, byte[]>> batch, CancellationToken cancellationToken)
    {
        var events = new List<ConsumedEvent<TEvent>>(batch.Count);
        List<(ConsumeResult<string?, byte[]> Message, MessageRejection Rejection)>? rejected = null;
        foreach (var message in batch)
        {
            if (reader.TryRead(message, out var @event, out var rejection))
            {
                events.Add(new ConsumedEvent<TEvent>(@event, message));
            }
            else
            {
                (rejected ??= []).Add((message, rejection));
            }
        }

        if (events.Count > 0)
        {
            await handler.HandleAsync(events, cancellationToken);
        }

        if (rejected is null)
        {
            return;
        }

        var deliveries = rejected.Select(r => deadLetters.PublishAsync(
            r.Message, new PoisonMessageException(r.Rejection.Reason, r.Rejection.Message), r.Rejection.Reason, cancellationToken, cancellationToken));
        if ((await Task.WhenAll(deliveries)).Contains(false))
        {
            // Only when stopping: the batch's offsets must not be stored.
            throw new OperationCanceledException("stopped before the dead-letter topic acknowledged", cancellationToken);
        }
    }
}
