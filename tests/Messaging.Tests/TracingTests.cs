using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Testing;

namespace Streaming.Messaging.Tests;

public sealed class TracingTests(KafkaFixture kafka)
{
    [Fact]
    public async Task The_trace_continues_from_a_consumed_message_to_the_messages_it_causes()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MessagingDiagnostics.ActivitySourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var input = kafka.CreateTopic("trace-in", 1);
        var output = kafka.CreateTopic("trace-out", 1);
        var origin = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var headers = new Headers();
        MessageHeaders.SetTraceParent(headers, origin);
        MessageHeaders.SetClickTime(headers, DateTimeOffset.FromUnixTimeMilliseconds(1_000));
        ActivityContext? seenByHandler = null;
        ActivitySpanId? parentSeenByHandler = null;
        var handler = new ForwardingHandler(output, activity =>
        {
            seenByHandler = activity?.Context;
            parentSeenByHandler = activity?.ParentSpanId;
        });
        using var host = MessagingTestHost.Build(kafka.BootstrapServers, services =>
        {
            services.AddSingleton(handler);
            services.AddKafkaConsumer<ForwardingHandler>(new ConsumerSubscription(KafkaTopicNames.Unique("trace-group"), input));
        });
        handler.Producer = host.Services.GetRequiredService<EventProducer>();
        await TestMessages.ProduceAsync(kafka.BootstrapServers, input, ["click"], headers);

        await host.StartAsync(TestContext.Current.CancellationToken);
        var forwarded = await KafkaTopicReader.ReadAsync(kafka.BootstrapServers, output, 1, TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);

        // The loop's span is a child of the message's trace parent, and the caused message carries the same trace and click time.
        Assert.Equal(origin.TraceId, seenByHandler?.TraceId);
        Assert.Equal(origin.SpanId, parentSeenByHandler);
        var message = Assert.Single(forwarded).Message;
        Assert.True(MessageHeaders.TryGetTraceParent(message.Headers, out var carried));
        Assert.Equal(origin.TraceId, carried.TraceId);
        Assert.True(MessageHeaders.TryGetClickTime(message.Headers, out var clickTime));
        Assert.Equal(1_000, clickTime.ToUnixTimeMilliseconds());
    }

    private sealed class ForwardingHandler(string output, Action<Activity?> observe) : IMessageHandler
    {
        public EventProducer? Producer { get; set; }

        public async ValueTask HandleAsync(ConsumeResult<string?, byte[]> message, CancellationToken cancellationToken)
        {
            observe(Activity.Current);
            await Producer!.ProduceAsync(output, message.Message.Key, Encoding.UTF8.GetBytes("caused"), MessageHeaders.CausedBy(message.Message.Headers), cancellationToken);
        }
    }
}
