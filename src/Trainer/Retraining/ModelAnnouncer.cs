using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streaming.Core.Contracts;
using Streaming.Core.Models;
using Streaming.Messaging;

namespace Streaming.Trainer.Retraining;

/// <summary>
/// Announces a published version on <c>models</c>, keyed and named after what it holds (<c>srgnn</c>, or <c>dmsrec</c>
/// with both graphs, as <c>models publish</c> names it), delivery awaited. A failed delivery is logged and counted: the
/// version is in the registry and serving workers load it at their next start.
/// </summary>
public sealed partial class ModelAnnouncer(EventProducer producer, TrainerMetrics metrics, ILogger<ModelAnnouncer> logger)
{
    public async Task AnnounceAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        var published = new ModelPublished(
            version.Manifest.Model, version.Version, Path.GetFullPath(version.Directory), version.Manifest.ContentHash, DateTimeOffset.UtcNow);
        var value = JsonSerializer.SerializeToUtf8Bytes(published, StreamingJsonContext.Default.ModelPublished);
        try
        {
            await producer.ProduceAsync(Topics.Models, new Message<string?, byte[]> { Key = published.Name, Value = value }, cancellationToken);
            Log.Announced(logger, published.Name, published.Version, Topics.Models);
        }
        catch (KafkaException ex)
        {
            metrics.AnnounceFailed();
            Log.AnnounceFailed(logger, ex, published.Version, Topics.Models);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5105, EventName = "ModelAnnounced", Level = LogLevel.Information,
            Message = "Announced {Name} {Version} on {Topic}")]
        public static partial void Announced(ILogger logger, string name, string version, string topic);

        [LoggerMessage(EventId = 5106, EventName = "AnnounceFailed", Level = LogLevel.Error,
            Message = "Published {Version} but could not announce it on {Topic}")]
        public static partial void AnnounceFailed(ILogger logger, Exception exception, string version, string topic);
    }
}
