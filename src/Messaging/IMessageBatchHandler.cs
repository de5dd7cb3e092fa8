using Confluent.Kafka;

namespace Streaming.Messaging;

/// <summary>
/// Handles a batch of consumed messages (in partition order) at once, so it can pipeline its I/O. It must be
/// idempotent: a batch is handed over again after a transient failure, and a crash re-delivers everything not yet
/// committed. Throw to fail the batch; the <see cref="ErrorPolicy"/> decides what happens next.
/// </summary>
public interface IMessageBatchHandler
{
    ValueTask HandleAsync(IReadOnlyList<ConsumeResult<string?, byte[]>> batch, CancellationToken cancellationToken);
}
