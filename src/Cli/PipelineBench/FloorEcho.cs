using Confluent.Kafka;
using Streaming.Messaging;

namespace Streaming.Cli.PipelineBench;

/// <summary>
/// The floor: a consumer in the same host, on the same consume loop and producer as the workers, that does no work but
/// produce each probe again to <see cref="PipelineObserver.FloorEchoTopic"/>. Echo CreateTime minus probe CreateTime
/// is one bare produce→consume hop plus the produce call, the least any stage can take.
/// </summary>
internal sealed class FloorEcho(EventProducer producer) : IMessageBatchHandler
{
    public const string Group = "bench-floor";

    public async ValueTask HandleAsync(IReadOnlyList<ConsumeResult<string?, byte[]>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await Task.WhenAll(batch.Select(result =>
            producer.ProduceAsync(PipelineObserver.FloorEchoTopic, new Message<string?, byte[]> { Key = result.Message.Key, Value = result.Message.Value }, cancellationToken)));
    }
}
