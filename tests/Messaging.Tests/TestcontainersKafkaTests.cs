using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Testing;
using Testcontainers.Kafka;

namespace Streaming.Messaging.Tests;

/// <summary>The same produce/consume against real Apache Kafka, wherever Docker is available.</summary>
public sealed class TestcontainersKafkaTests
{
    private const string Image = "apache/kafka:4.1.0";

    [Fact]
    public async Task Round_trip_through_the_consume_loop_on_real_kafka()
    {
        if (DockerUnavailableReason() is { } reason)
        {
            Assert.Skip($"Docker is not available: {reason}");
        }

        await using var kafka = new KafkaBuilder(Image).Build();
        await kafka.StartAsync(TestContext.Current.CancellationToken);
        var bootstrap = kafka.GetBootstrapAddress();
        var topic = KafkaTopicNames.Unique("real");
        var handler = new RecordingHandler();
        using var host = MessagingTestHost.Build(bootstrap, services =>
        {
            services.AddSingleton(handler);
            services.AddKafkaBatchConsumer<RecordingHandler>(new ConsumerSubscription(KafkaTopicNames.Unique("real-group"), topic));
        });
        var producer = host.Services.GetRequiredService<EventProducer>();
        for (var i = 0; i < 20; i++)
        {
            await producer.ProduceAsync(topic, $"k{i}", Encoding.UTF8.GetBytes($"v{i}"), null, TestContext.Current.CancellationToken);
        }

        await host.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => handler.Handled.Count >= 20, "20 handled", TimeSpan.FromSeconds(60));
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"v{i}").Order(), handler.Handled.Order());
    }

    /// <summary>A quick look for a Docker endpoint, without connecting (which could hang).</summary>
    private static string? DockerUnavailableReason()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrEmpty(host))
        {
            return host.StartsWith("unix://", StringComparison.Ordinal) && !File.Exists(host["unix://".Length..])
                ? $"DOCKER_HOST={host} names a socket that does not exist"
                : null;
        }

        if (OperatingSystem.IsWindows())
        {
            return File.Exists(@"\\.\pipe\docker_engine") ? null : "no DOCKER_HOST and no named pipe docker_engine";
        }

        var userSocket = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker", "run", "docker.sock");
        return File.Exists("/var/run/docker.sock") || File.Exists(userSocket)
            ? null
            : "no DOCKER_HOST and no socket at /var/run/docker.sock or ~/.docker/run/docker.sock";
    }
}
