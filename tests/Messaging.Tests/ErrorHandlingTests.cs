using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streaming.Testing;

namespace Streaming.Messaging.Tests;

public sealed class ErrorHandlingTests(KafkaFixture kafka)
{
    [Fact]
    public async Task A_poison_message_goes_to_the_dlq_with_its_reason_and_the_next_ones_are_handled()
    {
        var topic = kafka.CreateTopic("poison", 1);
        var group = KafkaTopicNames.Unique("poison-group");
        var handler = new RecordingHandler
        {
            OnMessage = (value, _, _) => value switch
            {
                "poison" => throw new PoisonMessageException("missing-session-id", "The click has no session id."),
                "not-json" => throw new InvalidOperationException("wrapped", new JsonException("bad json")),
                _ => ValueTask.CompletedTask,
            },
        };
        using var host = HostWith(handler, new ConsumerSubscription(group, topic));
        var original = new Headers { { "x-origin", Encoding.UTF8.GetBytes("test") } };
        await TestMessages.ProduceAsync(kafka.BootstrapServers, topic, ["ok-1", "poison", "ok-2", "not-json", "ok-3"], original);
        using var deadLettered = host.Services.Collect(MessagingDiagnostics.MeterName, MessagingMetrics.DeadLetteredName);

        await host.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => handler.Handled.Count >= 3, "the good messages handled");
        await Eventually.TrueAsync(() => deadLettered.Sum(("topic", topic)) >= 2, "two dead-lettered");
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["ok-1", "ok-2", "ok-3"], handler.Handled);
        Assert.Equal(2, deadLettered.Sum(("topic", topic), ("group", group)));
        Assert.Equal(1, deadLettered.Sum(("topic", topic), ("reason", "missing-session-id")));
        var dead = await KafkaTopicReader.ReadAsync(kafka.BootstrapServers, DeadLetterHeaders.TopicFor(topic), 2, TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(2, dead.Count);

        var poison = dead.Single(m => TestMessages.Text(m) == "poison");
        Assert.Equal("poison", poison.Message.Key);
        Assert.Equal("test", MessageHeaders.GetString(poison.Message.Headers, "x-origin"));
        Assert.Equal("missing-session-id", MessageHeaders.GetString(poison.Message.Headers, DeadLetterHeaders.Reason));
        Assert.Equal(typeof(PoisonMessageException).FullName, MessageHeaders.GetString(poison.Message.Headers, DeadLetterHeaders.ExceptionType));
        Assert.Equal(topic, MessageHeaders.GetString(poison.Message.Headers, DeadLetterHeaders.SourceTopic));
        Assert.Equal("0", MessageHeaders.GetString(poison.Message.Headers, DeadLetterHeaders.SourcePartition));
        Assert.Equal("1", MessageHeaders.GetString(poison.Message.Headers, DeadLetterHeaders.SourceOffset));
        Assert.Equal(group, MessageHeaders.GetString(poison.Message.Headers, DeadLetterHeaders.ConsumerGroup));
        var time = DateTimeOffset.Parse(MessageHeaders.GetString(poison.Message.Headers, DeadLetterHeaders.Time)!, CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.Zero, time.Offset);
        Assert.InRange(DateTimeOffset.UtcNow - time, TimeSpan.Zero, TimeSpan.FromMinutes(1));

        var json = dead.Single(m => TestMessages.Text(m) == "not-json");
        Assert.Equal("invalid-json", MessageHeaders.GetString(json.Message.Headers, DeadLetterHeaders.Reason));
        Assert.Equal("3", MessageHeaders.GetString(json.Message.Headers, DeadLetterHeaders.SourceOffset));
    }

    [Fact]
    public async Task A_transient_failure_is_retried_and_the_message_is_not_skipped()
    {
        var topic = kafka.CreateTopic("transient", 1);
        var group = KafkaTopicNames.Unique("transient-group");
        var handler = new RecordingHandler
        {
            OnMessage = (value, attempt, _) => value == "m4" && attempt <= 3
                ? throw new TransientException("Redis is down")
                : ValueTask.CompletedTask,
        };
        using var host = HostWith(handler, new ConsumerSubscription(group, topic));
        var values = Enumerable.Range(0, 10).Select(i => $"m{i}").ToList();
        await TestMessages.ProduceAsync(kafka.BootstrapServers, topic, values);
        using var retried = host.Services.Collect(MessagingDiagnostics.MeterName, MessagingMetrics.RetriedName);
        using var deadLettered = host.Services.Collect(MessagingDiagnostics.MeterName, MessagingMetrics.DeadLetteredName);

        await host.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => handler.Handled.Count >= values.Count, "all handled");
        await host.StopAsync(TestContext.Current.CancellationToken);

        // In order, each acknowledged once, nothing skipped.
        Assert.Equal(values, handler.Handled);
        Assert.True(retried.Sum(("topic", topic), ("group", group)) >= 3, "three failed attempts are counted as retries");
        Assert.Equal(0, deadLettered.Sum(("topic", topic)));
    }

    [Fact]
    public async Task An_unknown_failure_is_retried_a_few_times_then_dead_lettered()
    {
        var topic = kafka.CreateTopic("unknown", 1);
        var group = KafkaTopicNames.Unique("unknown-group");
        var boomAttempts = 0;
        var handler = new RecordingHandler
        {
            OnMessage = (value, _, _) =>
            {
                if (value == "boom")
                {
                    Interlocked.Increment(ref boomAttempts);
                    throw new InvalidOperationException("a bug");
                }

                return ValueTask.CompletedTask;
            },
        };
        using var host = HostWith(handler, new ConsumerSubscription(group, topic));
        await TestMessages.ProduceAsync(kafka.BootstrapServers, topic, ["a", "boom", "b"]);
        using var deadLettered = host.Services.Collect(MessagingDiagnostics.MeterName, MessagingMetrics.DeadLetteredName);

        await host.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => deadLettered.Sum(("topic", topic)) >= 1 && handler.Handled.Count >= 2, "dead-lettered and the rest handled");
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["a", "b"], handler.Handled);
        // Whether "boom" arrived alone or in a batch, it gets at least UnknownErrorMaxAttempts attempts of its own.
        Assert.InRange(boomAttempts, ErrorPolicy.UnknownErrorMaxAttempts, 2 * ErrorPolicy.UnknownErrorMaxAttempts);
        var dead = await KafkaTopicReader.ReadAsync(kafka.BootstrapServers, DeadLetterHeaders.TopicFor(topic), 1, TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal("unhandled-exception", MessageHeaders.GetString(Assert.Single(dead).Message.Headers, DeadLetterHeaders.Reason));
        Assert.Equal(typeof(InvalidOperationException).FullName, MessageHeaders.GetString(dead[0].Message.Headers, DeadLetterHeaders.ExceptionType));
    }

    [Fact]
    public async Task A_bad_message_in_a_batch_is_isolated_after_the_first_failure_so_good_ones_run_at_most_twice()
    {
        var topic = kafka.CreateTopic("isolate", 1);
        var group = KafkaTopicNames.Unique("isolate-group");
        var handler = new RecordingHandler
        {
            OnMessage = (value, _, _) => value == "bad" ? throw new InvalidOperationException("a bug") : ValueTask.CompletedTask,
        };
        using var host = HostWith(handler, new ConsumerSubscription(group, topic));
        var values = Enumerable.Range(0, 8).Select(i => i == 3 ? "bad" : $"good-{i}").ToList();
        await TestMessages.ProduceAsync(kafka.BootstrapServers, topic, values);
        using var deadLettered = host.Services.Collect(MessagingDiagnostics.MeterName, MessagingMetrics.DeadLetteredName);

        await host.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => deadLettered.Sum(("topic", topic)) == 1 && handler.Handled.Count == 7, "the bad one dead-lettered, the rest handled");
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(values.Where(v => v != "bad"), handler.Handled);
        Assert.All(values.Where(v => v != "bad"), v => Assert.InRange(handler.Attempts(v), 1, 2));
        // Alone, the bad one still gets its attempts before it is dead-lettered.
        Assert.InRange(handler.Attempts("bad"), ErrorPolicy.UnknownErrorMaxAttempts, ErrorPolicy.UnknownErrorMaxAttempts + 1);
    }

    [Fact]
    public async Task During_a_long_transient_outage_the_loop_keeps_polling_and_the_member_keeps_its_partitions()
    {
        var topic = kafka.CreateTopic("long-outage", 1);
        var group = KafkaTopicNames.Unique("long-outage-group");
        var down = 1;
        var handler = new RecordingHandler
        {
            OnMessage = (value, _, _) => value == "m1" && Volatile.Read(ref down) == 1 ? throw new TransientException("Redis is down") : ValueTask.CompletedTask,
        };
        // A poll interval far shorter than the outage: a loop that stopped polling while retrying would be evicted.
        using var host = MessagingTestHost.Build(
            kafka.BootstrapServers,
            services =>
            {
                services.AddSingleton(handler);
                services.AddKafkaBatchConsumer<RecordingHandler>(new ConsumerSubscription(group, topic));
            },
            new Dictionary<string, string?> { ["Kafka:MaxPollIntervalMs"] = "1500", ["Kafka:RetryMaxBackoff"] = "00:00:00.300" });
        await TestMessages.ProduceAsync(kafka.BootstrapServers, topic, ["m0", "m1", "m2"]);
        using var partitionsLost = host.Services.Collect(MessagingDiagnostics.MeterName, MessagingMetrics.PartitionsLostName);

        await host.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => handler.Attempts("m1") >= 2, "the outage under way");
        await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken);
        Volatile.Write(ref down, 0);
        await Eventually.TrueAsync(() => handler.Handled.Contains("m2"), "handled after the outage");
        // One more message: polling it serves any eviction the consumer had, which would re-deliver m0..m2.
        await TestMessages.ProduceAsync(kafka.BootstrapServers, topic, ["m3"]);
        await Eventually.TrueAsync(() => handler.Handled.Contains("m3"), "the next message handled");
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, partitionsLost.Sum(("topic", topic), ("group", group)));
        Assert.Equal(["m0", "m1", "m2", "m3"], handler.Handled);
    }

    [Fact]
    public async Task Stopping_during_endless_retries_ends_promptly_without_acknowledging()
    {
        var topic = kafka.CreateTopic("stop-retry", 1);
        var subscription = new ConsumerSubscription(KafkaTopicNames.Unique("stop-group"), topic);
        var attempts = 0;
        var failing = new RecordingHandler
        {
            OnMessage = (_, _, _) =>
            {
                Interlocked.Increment(ref attempts);
                throw new TimeoutException("dependency down");
            },
        };
        await TestMessages.ProduceAsync(kafka.BootstrapServers, topic, ["x"]);

        using (var host = HostWith(failing, subscription))
        {
            await host.StartAsync(TestContext.Current.CancellationToken);
            await Eventually.TrueAsync(() => Volatile.Read(ref attempts) >= 3, "a few attempts");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await host.StopAsync(TestContext.Current.CancellationToken);
            // Well inside the host's own 30 s shutdown timeout, after which a loop that ignored the stop would be abandoned.
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"stopped in {watch.Elapsed}");
        }

        // The message was never acknowledged: the group's next member gets it.
        var healthy = new RecordingHandler();
        using (var host = HostWith(healthy, subscription))
        {
            await host.StartAsync(TestContext.Current.CancellationToken);
            await Eventually.TrueAsync(() => healthy.Handled.Count >= 1, "re-delivered");
            await host.StopAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(["x"], healthy.Handled);
    }

    private IHost HostWith(RecordingHandler handler, ConsumerSubscription subscription) =>
        MessagingTestHost.Build(kafka.BootstrapServers, services =>
        {
            services.AddSingleton(handler);
            services.AddKafkaBatchConsumer<RecordingHandler>(subscription);
        });
}
