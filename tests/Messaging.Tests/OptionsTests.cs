using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Streaming.Messaging.Tests;

public sealed class OptionsTests
{
    [Fact]
    public async Task A_host_without_bootstrap_servers_fails_at_start_naming_the_setting()
    {
        using var host = MessagingTestHost.Build(null, _ => { });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Kafka:BootstrapServers", error.Message, StringComparison.Ordinal);
        Assert.Contains("Kafka__BootstrapServers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_group_protocol_fails_at_start()
    {
        using var host = MessagingTestHost.Build("localhost:9092", _ => { }, new Dictionary<string, string?> { ["Kafka:GroupProtocol"] = "eager" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Kafka:GroupProtocol", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_bind_from_configuration_into_the_client_configs()
    {
        using var host = MessagingTestHost.Build("a:1,b:2", _ => { }, new Dictionary<string, string?>
        {
            ["Kafka:Compression"] = "zstd",
            ["Kafka:GroupProtocol"] = "classic",
            ["Kafka:MaxBatchSize"] = "42",
            ["Kafka:Settings:socket.keepalive.enable"] = "true",
        });
        var options = host.Services.GetRequiredService<IOptions<KafkaOptions>>().Value;

        var producer = KafkaClientConfigs.Producer(options);
        var consumer = KafkaClientConfigs.Consumer(options, "g");

        Assert.Equal(42, options.MaxBatchSize);
        Assert.Equal("a:1,b:2", producer.BootstrapServers);
        Assert.Equal(CompressionType.Zstd, producer.CompressionType);
        Assert.True(producer.EnableIdempotence);
        Assert.Equal("true", producer.Get("socket.keepalive.enable"));
        Assert.False(consumer.EnableAutoOffsetStore);
        Assert.True(consumer.EnableAutoCommit);
        Assert.Equal(GroupProtocol.Classic, consumer.GroupProtocol);
        Assert.Equal("g", consumer.GroupId);
    }

    [Fact]
    public void Defaults_use_the_consumer_group_protocol_and_lz4()
    {
        var options = new KafkaOptions { BootstrapServers = "x:1" };

        Assert.Equal(GroupProtocol.Consumer, KafkaClientConfigs.Consumer(options, "g").GroupProtocol);
        Assert.Equal(CompressionType.Lz4, KafkaClientConfigs.Producer(options).CompressionType);
        Assert.True(new KafkaOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Consumers_wait_10_ms_per_fetch_unless_the_librdkafka_setting_is_given()
    {
        var options = new KafkaOptions { BootstrapServers = "x:1" };
        Assert.Equal(10, KafkaClientConfigs.Consumer(options, "g").FetchWaitMaxMs);

        options.Settings["fetch.wait.max.ms"] = "250";
        Assert.Equal(250, KafkaClientConfigs.Consumer(options, "g").FetchWaitMaxMs);

        Assert.False(new KafkaOptionsValidator().Validate(null, new KafkaOptions { BootstrapServers = "x:1", FetchWaitMaxMs = 0 }).Succeeded);
    }
}
