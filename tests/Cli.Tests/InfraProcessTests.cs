using System.Text;
using Confluent.Kafka;
using StackExchange.Redis;
using Streaming.Core.Contracts;
using Streaming.State;

namespace Streaming.Cli.Tests;

/// <summary><c>streaming infra</c> in a second OS process serving Kafka and Redis clients of this process.</summary>
public sealed class InfraProcessTests
{
    [Fact]
    public async Task Serves_Kafka_and_Redis_to_another_process_and_stops_cleanly_on_SIGTERM()
    {
        var ct = TestContext.Current.CancellationToken;
        using var infra = StreamingProcess.Start(null, "infra", "--brokers", "2", "--partitions", "3", "--redis-port", "0");
        var lines = infra.ReadUntil(line => line == "ready", TimeSpan.FromSeconds(60));
        var kafka = lines.Single(l => l.StartsWith("kafka: ", StringComparison.Ordinal))["kafka: ".Length..];
        var redis = lines.Single(l => l.StartsWith("redis: ", StringComparison.Ordinal))["redis: ".Length..];

        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka }).Build())
        {
            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
            Assert.Equal(2, metadata.Brokers.Count);
            foreach (var topic in Topics.StandardWithDeadLetters())
            {
                Assert.Equal(3, metadata.Topics.Single(t => t.Topic == topic).Partitions.Count);
            }
        }

        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = kafka }).Build())
        {
            await producer.ProduceAsync(Topics.Clicks, new Message<string, string> { Key = "s", Value = "hello" }, ct);
        }

        using (var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = kafka, GroupId = "infra-test", AutoOffsetReset = AutoOffsetReset.Earliest }).Build())
        {
            consumer.Subscribe(Topics.Clicks);
            var message = consumer.Consume(TimeSpan.FromSeconds(30));
            Assert.Equal("hello", message?.Message.Value);
            consumer.Close();
        }

        await using (var connection = await ConnectionMultiplexer.ConnectAsync(RedisConnection.Configure(redis)))
        {
            var db = connection.GetDatabase();
            Assert.Equal(3, (long)await db.ScriptEvaluateAsync("redis.call('SET', KEYS[1], ARGV[1]); return redis.call('STRLEN', KEYS[1])", ["k"], ["abc"]));
        }

        infra.Terminate();
        Assert.Equal(0, await infra.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("stopping", infra.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_without_a_bootstrap_server_exits_non_zero_naming_the_setting()
    {
        using var worker = StreamingProcess.Start(
            new Dictionary<string, string> { ["Redis__Configuration"] = "127.0.0.1:1" },
            "worker", "ingest");

        var exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Kafka:BootstrapServers", worker.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tail_prints_messages_as_JSON_lines()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = Messaging.EmbeddedKafka.Start(brokers: 1);
        kafka.CreateTopic("tail-test", 2);
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            await producer.ProduceAsync("tail-test", new Message<string, byte[]> { Key = "a", Value = Encoding.UTF8.GetBytes("""{"x":1}""") }, ct);
            await producer.ProduceAsync("tail-test", new Message<string, byte[]> { Key = "b", Value = Encoding.UTF8.GetBytes("plain text") }, ct);
        }

        using var tail = StreamingProcess.Start(
            new Dictionary<string, string> { ["Kafka__BootstrapServers"] = kafka.BootstrapServers },
            "tail", "tail-test", "--from-beginning", "--max", "2");
        Assert.Equal(0, await tail.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var lines = new[] { tail.ReadLine(TimeSpan.FromSeconds(5)), tail.ReadLine(TimeSpan.FromSeconds(5)) };

        Assert.Contains(lines, l => l!.Contains("\"key\":\"a\"", StringComparison.Ordinal) && l.Contains("\"value\":{\"x\":1}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l!.Contains("\"value\":\"plain text\"", StringComparison.Ordinal));
    }
}
