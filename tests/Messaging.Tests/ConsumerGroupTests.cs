using Microsoft.Extensions.DependencyInjection;
using Streaming.Testing;

namespace Streaming.Messaging.Tests;

public sealed class ConsumerGroupTests(KafkaFixture kafka)
{
    [Fact]
    public async Task A_restarted_group_resumes_after_the_last_handled_message()
    {
        var topic = kafka.CreateTopic("resume", 3);
        var group = KafkaTopicNames.Unique("resume-group");
        var subscription = new ConsumerSubscription(group, topic);
        var first = Enumerable.Range(0, 60).Select(i => $"a{i}").ToList();
        var second = Enumerable.Range(0, 40).Select(i => $"b{i}").ToList();
        await TestMessages.ProduceAsync(kafka.BootstrapServers, topic, first);

        var before = new RecordingHandler();
        using (var host = HostWith(before, subscription))
        {
            await host.StartAsync(TestContext.Current.CancellationToken);
            await Eventually.TrueAsync(() => before.Handled.Count >= first.Count, "first run handled everything");
            await host.StopAsync(TestContext.Current.CancellationToken);
        }

        await TestMessages.ProduceAsync(kafka.BootstrapServers, topic, second);
        var after = new RecordingHandler();
        using (var host = HostWith(after, subscription))
        {
            await host.StartAsync(TestContext.Current.CancellationToken);
            await Eventually.TrueAsync(() => after.Handled.Count >= second.Count, "second run handled the new messages");
            // Give a wrong re-delivery of the first run's messages the time to show up.
            await Task.Delay(500, TestContext.Current.CancellationToken);
            await host.StopAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(first.Order(), before.Handled.Order());
        Assert.Equal(second.Order(), after.Handled.Order());
    }

    [Fact]
    public async Task Two_members_of_a_group_share_the_partitions_without_duplicates()
    {
        var topic = kafka.CreateTopic("shared", 4);
        var subscription = new ConsumerSubscription(KafkaTopicNames.Unique("shared-group"), topic);
        var one = new RecordingHandler();
        var two = new RecordingHandler();
        using var hostOne = HostWith(one, subscription);
        using var hostTwo = HostWith(two, subscription);
        await hostOne.StartAsync(TestContext.Current.CancellationToken);
        await hostTwo.StartAsync(TestContext.Current.CancellationToken);
        // Keep producing until the group has settled with both members handling (KIP-848 moves partitions over a few heartbeats).
        var values = new List<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((one.Handled.Count == 0 || two.Handled.Count == 0) && DateTime.UtcNow < deadline)
        {
            var round = Enumerable.Range(values.Count, 100).Select(i => $"s{i}").ToList();
            await TestMessages.ProduceAsync(kafka.BootstrapServers, topic, round);
            values.AddRange(round);
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        await Eventually.TrueAsync(() => one.Handled.Count + two.Handled.Count >= values.Count, "all handled by the group");
        // Give a duplicate delivery the time to show up.
        await Task.Delay(300, TestContext.Current.CancellationToken);
        await hostOne.StopAsync(TestContext.Current.CancellationToken);
        await hostTwo.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(values.Order(), one.Handled.Concat(two.Handled).Order());
        Assert.NotEmpty(one.Handled);
        Assert.NotEmpty(two.Handled);
    }

    private Microsoft.Extensions.Hosting.IHost HostWith(RecordingHandler handler, ConsumerSubscription subscription) =>
        MessagingTestHost.Build(kafka.BootstrapServers, services =>
        {
            services.AddSingleton(handler);
            services.AddKafkaBatchConsumer<RecordingHandler>(subscription);
        });
}
