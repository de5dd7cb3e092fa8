using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Streaming.Core.Contracts;
using Streaming.Core.Live;
using Streaming.Messaging;
using Streaming.State;

namespace Streaming.Ingest.Tests;

/// <summary>Producing clicks to a real Kafka and checking Redis against the reference definition.</summary>
internal static class ClickLog
{
    public static async Task ProduceAsync(EmbeddedKafka kafka, IEnumerable<ClickEvent> clicks, CancellationToken ct)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        foreach (var click in clicks)
        {
            await producer.ProduceAsync(Topics.Clicks, new Message<string, byte[]> { Key = click.SessionId, Value = ClickEventWriter.Write(click) }, ct);
        }
    }

    /// <summary>Every session of <paramref name="clicks"/> is stored exactly as <see cref="LiveSession.FromClicks"/> defines it.</summary>
    public static async Task AssertStoredAsReferenceAsync(string redisEndpoint, IReadOnlyList<ClickEvent> clicks, int maxLength, CancellationToken ct)
    {
        var store = new LiveSessionStore(new RedisConnection(Options.Create(new RedisOptions { Configuration = redisEndpoint })));
        foreach (var session in clicks.GroupBy(c => c.SessionId))
        {
            var expected = LiveSession.FromClicks([.. session.Select(c => c.ItemId)], maxLength, session.Count(), session.Max(c => c.Timestamp).ToUnixTimeMilliseconds());
            var stored = await store.GetAsync(session.Key, ct);
            Assert.True(stored is not null && expected.SameAs(stored), $"{session.Key}: stored {stored}, expected {expected}");
        }
    }
}
