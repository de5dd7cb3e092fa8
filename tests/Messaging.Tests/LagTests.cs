using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
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
