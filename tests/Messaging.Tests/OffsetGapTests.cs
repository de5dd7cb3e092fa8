using Microsoft.Extensions.DependencyInjection;
using Streaming.Testing;

namespace Streaming.Messaging.Tests;

public sealed class OffsetGapTests
{
    [Fact]
    public async Task Messages_deleted_before_the_group_read_them_are_counted_as_lost_to_retention()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        var topic = KafkaTopicNames.Unique("gap");
        kafka.CreateTopic(topic, 1);
        var subscription = new ConsumerSubscription(KafkaTopicNames.Unique("gap-group"), topic);
        await TestMessages.ProduceAsync(kafka.BootstrapServers, topic, ["m0", "m1", "m2"]);
        var first = new RecordingHandler();
        using (var host = HostWith(kafka, first, subscription))
        {
            await host.StartAsync(ct);
            await Eventually.TrueAsync(() => first.Handled.Count == 3, "the first three handled");
            await host.StopAsync(ct);
        }

        // While the group is away, retention deletes offsets 3..5 before it read them.
        await TestMessages.ProduceAsync(kafka.BootstrapServers, topic, ["m3", "m4", "m5", "m6", "m7"]);
        kafka.DeleteRecords(topic, 0, beforeOffset: 6);
        var second = new RecordingHandler();
        using (var host = HostWith(kafka, second, subscription))
        {
            using var skipped = host.Services.Collect(MessagingDiagnostics.MeterName, MessagingMetrics.OffsetsSkippedName);
            await host.StartAsync(ct);
            await Eventually.TrueAsync(() => second.Handled.Count == 2, "the retained two handled");
            await host.StopAsync(ct);
            Assert.Equal(3, skipped.Sum(("topic", topic), ("group", subscription.GroupId), ("reason", "retention")));
        }

        Assert.Equal(["m6", "m7"], second.Handled);
    }

    private static Microsoft.Extensions.Hosting.IHost HostWith(EmbeddedKafka kafka, RecordingHandler handler, ConsumerSubscription subscription) =>
        MessagingTestHost.Build(kafka.BootstrapServers, services =>
        {
            services.AddSingleton(handler);
            services.AddKafkaBatchConsumer<RecordingHandler>(subscription);
        });
}
