using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Streaming.Testing;

namespace Streaming.Messaging.Tests;

public sealed class LagTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Lag_gauge_counts_unhandled_messages_and_drops_to_zero_when_caught_up()
    {
        var topic = kafka.CreateTopic("lag", 1);
        var group = KafkaTopicNames.Unique("lag-group");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new RecordingHandler { OnMessage = async (_, _, ct) => await gate.Task.WaitAsync(ct) };
        using var host = MessagingTestHost.Build(
            kafka.BootstrapServers,
            services =>
            {
                services.AddSingleton(handler);
                services.AddKafkaBatchConsumer<RecordingHandler>(new ConsumerSubscription(group, topic));
            },
            new Dictionary<string, string?> { ["Kafka:MaxBatchSize"] = "10" });
        await TestMessages.ProduceAsync(kafka.BootstrapServers, topic, Enumerable.Range(0, 100).Select(i => $"l{i}"));
        using var lag = CollectLag(host);

        await host.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => Lag(lag, topic, 0, group) is not null, "a lag value");

        // The handler holds the first batch: nothing is handled yet, all 100 are behind.
        Assert.Equal(100, Lag(lag, topic, 0, group));

        gate.SetResult();
        await Eventually.TrueAsync(() => handler.Handled.Count >= 100 && Lag(lag, topic, 0, group) == 0, "caught up");
        await host.StopAsync(TestContext.Current.CancellationToken);
        Assert.Null(Lag(lag, topic, 0, group));
    }

    [Fact]
    public async Task A_restarted_member_with_nothing_to_do_reports_zero_lag()
    {
        var topic = kafka.CreateTopic("idle-lag", 2);
        var group = KafkaTopicNames.Unique("idle-group");
        await TestMessages.ProduceAsync(kafka.BootstrapServers, topic, Enumerable.Range(0, 20).Select(i => $"i{i}"));
        var handler = new RecordingHandler();
        using (var host = HostWith(handler, group, topic))
        {
            await host.StartAsync(TestContext.Current.CancellationToken);
            await Eventually.TrueAsync(() => handler.Handled.Count >= 20, "all handled");
            await host.StopAsync(TestContext.Current.CancellationToken);
        }

        // The new member consumes nothing: its lag comes from the committed offsets.
        using var restarted = HostWith(new RecordingHandler(), group, topic);
        using var lag = CollectLag(restarted);
        using var consumed = restarted.Services.Collect(MessagingDiagnostics.MeterName, MessagingMetrics.ConsumedName);
        await restarted.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => Lag(lag, topic, 0, group) is not null && Lag(lag, topic, 1, group) is not null, "lag of both partitions");
        long?[] lags = [Lag(lag, topic, 0, group), Lag(lag, topic, 1, group)];
        await restarted.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal([0, 0], lags);
        Assert.Equal(0, consumed.Sum(("topic", topic)));
    }

    [Fact]
    public async Task A_new_group_with_nothing_consumed_yet_reports_the_whole_backlog()
    {
        var topic = kafka.CreateTopic("backlog", 1);
        var group = KafkaTopicNames.Unique("backlog-group");
        await TestMessages.ProduceAsync(kafka.BootstrapServers, topic, Enumerable.Range(0, 30).Select(i => $"b{i}"));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var host = HostWith(new RecordingHandler { OnMessage = async (_, _, ct) => await gate.Task.WaitAsync(ct) }, group, topic);
        using var lag = CollectLag(host);

        await host.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => Lag(lag, topic, 0, group) is not null, "a lag value");

        Assert.Equal(30, Lag(lag, topic, 0, group));
        gate.SetResult();
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    private IHost HostWith(RecordingHandler handler, string group, string topic) =>
        MessagingTestHost.Build(kafka.BootstrapServers, services =>
        {
            services.AddSingleton(handler);
            services.AddKafkaBatchConsumer<RecordingHandler>(new ConsumerSubscription(group, topic));
        });

    /// <summary>What the lag gauge reports now for one partition, read the way an exporter would; null when it reports none.</summary>
    private static long? Lag(MetricCollector<long> lag, string topic, int partition, string group) =>
        lag.ObserveNow(("topic", topic), ("partition", partition), ("group", group));

    private static MetricCollector<long> CollectLag(IHost host) => host.Services.Collect(MessagingDiagnostics.MeterName, MessagingMetrics.ConsumerLagName);
}
