using System.Text;
using Confluent.Kafka;

namespace Streaming.Testing;

/// <summary>Produces one raw message (any text, valid or not) and waits for its delivery.</summary>
public static class KafkaTopicWriter
{
    public static async Task ProduceAsync(string bootstrapServers, string topic, string key, string value, CancellationToken cancellationToken = default)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers }).Build();
        await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = key, Value = Encoding.UTF8.GetBytes(value) }, cancellationToken);
    }
}
