using Microsoft.Extensions.Hosting;

namespace Streaming.Messaging;

/// <summary>Hosts one <see cref="KafkaConsumeLoop"/>; registered by <c>AddKafkaConsumer</c>.</summary>
public sealed class KafkaConsumerService(KafkaConsumeLoop loop) : BackgroundService
{
    public KafkaConsumeLoop Loop => loop;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => loop.RunAsync(stoppingToken);
}
