using System.Text;
using Confluent.Kafka;

namespace Streaming.Messaging.Tests;

internal static class TestMessages
{
    /// <summary>Produces <paramref name="values"/> in order (key = value) with a plain client and waits for delivery.</summary>
    public static async Task ProduceAsync(string bootstrapServers, string topic, IEnumerable<string> values, Headers? headers = null)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrapServers, EnableIdempotence = true, LingerMs = 1 };
        using var producer = new ProducerBuilder<string?, byte[]>(config).SetLogHandler(static (_, _) => { }).Build();
        foreach (var value in values)
        {
            await producer.ProduceAsync(
                topic,
                new Message<string?, byte[]> { Key = value, Value = Encoding.UTF8.GetBytes(value), Headers = headers },
                TestContext.Current.CancellationToken);
        }
    }

    public static string Text(ConsumeResult<string?, byte[]> result) => Encoding.UTF8.GetString(result.Message.Value);
}
