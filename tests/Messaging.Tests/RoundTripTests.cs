using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Testing;

namespace Streaming.Messaging.Tests;

public sealed class RoundTripTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Produced_messages_reach_a_separate_consumer_over_tcp_with_their_headers()
    {
        var topic = kafka.CreateTopic("roundtrip", 3);
        using var host = MessagingTestHost.Build(kafka.BootstrapServers, _ => { });
        var producer = host.Services.GetRequiredService<EventProducer>();
        var clickTime = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);
        using var activity = new Activity("test-root").SetIdFormat(ActivityIdFormat.W3C).Start();

        for (var i = 0; i < 30; i++)
        {
            var headers = new Headers();
            MessageHeaders.SetClickTime(headers, clickTime.AddMilliseconds(i));
            await producer.ProduceAsync(topic, $"session-{i % 5}", Encoding.UTF8.GetBytes($"v{i}"), headers, TestContext.Current.CancellationToken);
        }

        var read = await KafkaTopicReader.ReadAsync(kafka.BootstrapServers, topic, 30, TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"v{i}").Order(), read.Select(TestMessages.Text).Order());
        foreach (var message in read)
        {
            var i = int.Parse(TestMessages.Text(message)[1..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal($"session-{i % 5}", message.Message.Key);
            Assert.True(MessageHeaders.TryGetClickTime(message.Message.Headers, out var carried));
            Assert.Equal(clickTime.AddMilliseconds(i), carried);
            Assert.True(MessageHeaders.TryGetTraceParent(message.Message.Headers, out var trace));
            Assert.Equal(activity.TraceId, trace.TraceId);
        }

        // Keyed by session: one session stays on one partition, in order.
        foreach (var session in read.GroupBy(m => m.Message.Key))
        {
            Assert.Single(session.Select(m => m.Partition.Value).Distinct());
            var values = session.OrderBy(m => m.Offset.Value).Select(m => int.Parse(TestMessages.Text(m)[1..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(values.Order(), values);
        }
    }

    [Fact]
    public async Task Fire_and_forget_messages_are_delivered_by_the_flush()
    {
        var topic = kafka.CreateTopic("fire-and-forget", 2);
        using var host = MessagingTestHost.Build(kafka.BootstrapServers, _ => { });
        using var produced = host.Services.Collect(MessagingDiagnostics.MeterName, MessagingMetrics.ProducedName);
        var producer = host.Services.GetRequiredService<EventProducer>();

        for (var i = 0; i < 200; i++)
        {
            producer.Produce(topic, new Message<string?, byte[]> { Key = $"k{i}", Value = Encoding.UTF8.GetBytes($"v{i}") });
        }

        var failures = await producer.FlushAsync(TestContext.Current.CancellationToken);
        var read = await KafkaTopicReader.ReadAsync(kafka.BootstrapServers, topic, 200, TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);

        Assert.Equal(0, failures);
        Assert.Equal(200, read.Select(TestMessages.Text).Distinct().Count());
        Assert.Equal(200, produced.Sum(("topic", topic)));
    }

    [Fact]
    public async Task Delivery_failures_are_surfaced_to_both_produce_paths()
    {
        // Nothing listens on port 1: every delivery times out.
        using var host = MessagingTestHost.Build("127.0.0.1:1", _ => { }, new Dictionary<string, string?> { ["Kafka:DeliveryTimeoutMs"] = "400" });
        using var produceFailed = host.Services.Collect(MessagingDiagnostics.MeterName, MessagingMetrics.ProduceFailedName);
        var producer = host.Services.GetRequiredService<EventProducer>();
        var message = new Message<string?, byte[]> { Key = "k", Value = [1, 2, 3] };

        producer.Produce("unreachable", message);
        var failures = await producer.FlushAsync(TestContext.Current.CancellationToken);
        var thrown = await Assert.ThrowsAsync<ProduceException<string?, byte[]>>(
            () => producer.ProduceAsync("unreachable", message, TestContext.Current.CancellationToken));

        Assert.Equal(1, failures);
        Assert.Equal(1, producer.DeliveryFailures);
        Assert.Equal(ErrorCode.Local_MsgTimedOut, thrown.Error.Code);
        Assert.Equal(2, produceFailed.Sum(("topic", "unreachable")));
    }

    [Fact]
    public async Task Consume_loop_hands_every_message_to_the_handler()
    {
        var topic = kafka.CreateTopic("loop", 4);
        var handler = new RecordingHandler();
        using var host = MessagingTestHost.Build(kafka.BootstrapServers, services =>
        {
            services.AddSingleton(handler);
            services.AddKafkaBatchConsumer<RecordingHandler>(new ConsumerSubscription(KafkaTopicNames.Unique("g"), topic));
        });
        await TestMessages.ProduceAsync(kafka.BootstrapServers, topic, Enumerable.Range(0, 500).Select(i => $"m{i}"));
        using var consumed = host.Services.Collect(MessagingDiagnostics.MeterName, MessagingMetrics.ConsumedName);
        using var handled = host.Services.Collect(MessagingDiagnostics.MeterName, MessagingMetrics.HandledName);

        await host.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => handler.Handled.Count >= 500, "500 handled");
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"m{i}").Order(), handler.Handled.Order());
        Assert.Equal(500, consumed.Sum(("topic", topic)));
        Assert.Equal(500, handled.Sum(("topic", topic)));
    }

    [Fact]
    public async Task A_per_message_handler_sees_every_message_in_partition_order()
    {
        var topic = kafka.CreateTopic("per-message", 1);
        var handler = new SingleMessageRecorder();
        using var host = MessagingTestHost.Build(kafka.BootstrapServers, services =>
        {
            services.AddSingleton(handler);
            services.AddKafkaConsumer<SingleMessageRecorder>(new ConsumerSubscription(KafkaTopicNames.Unique("g"), topic));
        });
        var values = Enumerable.Range(0, 50).Select(i => $"p{i}").ToList();
        await TestMessages.ProduceAsync(kafka.BootstrapServers, topic, values);

        await host.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => handler.Values.Count >= values.Count, "all handled");
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(values, handler.Values);
    }

    private sealed class SingleMessageRecorder : IMessageHandler
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _values = new();

        public IReadOnlyList<string> Values => [.. _values];

        public ValueTask HandleAsync(ConsumeResult<string?, byte[]> message, CancellationToken cancellationToken)
        {
            _values.Enqueue(TestMessages.Text(message));
            return ValueTask.CompletedTask;
        }
    }
}
