using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
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
        var metrics = host.Services.GetRequiredService<MessagingMetrics>();

        await host.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => metrics.Lag(topic, 0, group) is not null, "a lag value");

        // The handler holds the first batch: nothing is handled yet, all 100 are behind.
        Assert.Equal(100, metrics.Lag(topic, 0, group));
        Assert.Equal(100, ObserveGauge(topic, group));

        gate.SetResult();
        await Eventually.TrueAsync(() => handler.Handled.Count >= 100 && metrics.Lag(topic, 0, group) == 0, "caught up");
        Assert.Equal(0, ObserveGauge(topic, group));
        await host.StopAsync(TestContext.Current.CancellationToken);
        Assert.Null(metrics.Lag(topic, 0, group));
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
        var metrics = restarted.Services.GetRequiredService<MessagingMetrics>();
        await restarted.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => metrics.Lag(topic, 0, group) is not null && metrics.Lag(topic, 1, group) is not null, "lag of both partitions");
        long?[] lags = [metrics.Lag(topic, 0, group), metrics.Lag(topic, 1, group)];
        await restarted.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal([0, 0], lags);
        Assert.Equal(0, metrics.Total(MessagingMetrics.ConsumedName, topic));
    }

    [Fact]
    public async Task A_new_group_with_nothing_consumed_yet_reports_the_whole_backlog()
    {
        var topic = kafka.CreateTopic("backlog", 1);
        var group = KafkaTopicNames.Unique("backlog-group");
        await TestMessages.ProduceAsync(kafka.BootstrapServers, topic, Enumerable.Range(0, 30).Select(i => $"b{i}"));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var host = HostWith(new RecordingHandler { OnMessage = async (_, _, ct) => await gate.Task.WaitAsync(ct) }, group, topic);
        var metrics = host.Services.GetRequiredService<MessagingMetrics>();

        await host.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => metrics.Lag(topic, 0, group) is not null, "a lag value");

        Assert.Equal(30, metrics.Lag(topic, 0, group));
        gate.SetResult();
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    private IHost HostWith(RecordingHandler handler, string group, string topic) =>
        MessagingTestHost.Build(kafka.BootstrapServers, services =>
        {
            services.AddSingleton(handler);
            services.AddKafkaBatchConsumer<RecordingHandler>(new ConsumerSubscription(group, topic));
        });

    /// <summary>Reads the published gauge the way an exporter would.</summary>
    private static long? ObserveGauge(string topic, string group)
    {
        long? value = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MessagingDiagnostics.MeterName && instrument.Name == MessagingMetrics.ConsumerLagName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, measurement, tags, _) =>
        {
            var tagList = tags.ToArray();
            if (tagList.Any(t => t.Key == "topic" && (string?)t.Value == topic) && tagList.Any(t => t.Key == "group" && (string?)t.Value == group))
            {
                value = measurement;
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return value;
    }
}
