using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streaming.Testing;

namespace Streaming.Messaging.Tests;

public sealed class FatalErrorTests(KafkaFixture kafka)
{
    [Fact]
    public async Task A_fatal_consumer_error_ends_the_loop_and_stops_the_application()
    {
        var topic = kafka.CreateTopic("fatal", 1);
        var handler = new RecordingHandler();
        using var host = MessagingTestHost.Build(kafka.BootstrapServers, services =>
        {
            services.AddSingleton(handler);
            services.AddKafkaBatchConsumer<RecordingHandler>(new ConsumerSubscription(KafkaTopicNames.Unique("fatal-group"), topic));
        });
        var service = host.Services.GetServices<IHostedService>().OfType<KafkaConsumerService>().Single();
        IConsumer<string?, byte[]>? consumer = null;
        service.Loop.ConsumerCreated = c => consumer = c;
        await TestMessages.ProduceAsync(kafka.BootstrapServers, topic, ["before"]);
        await host.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => handler.Handled.Count == 1, "a working loop");
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();

        LibrdkafkaExports.Bind().TriggerFatalError(consumer!.Handle, ErrorCode.Local_Fail, "injected by the test");

        await Eventually.TrueAsync(() => lifetime.ApplicationStopping.IsCancellationRequested, "the application stopping");
        await Eventually.TrueAsync(() => service.ExecuteTask is { IsCompleted: true }, "the loop ended");
        await host.StopAsync(TestContext.Current.CancellationToken);
        Assert.True(service.ExecuteTask!.IsCompletedSuccessfully);
        // Recorded for the host to turn into the exit code; the process-wide exit code is not the loop's to set.
        Assert.True(host.Services.GetRequiredService<KafkaFatalErrors>().Occurred);
        Assert.Equal(0, Environment.ExitCode);
    }

    [Fact]
    public async Task A_fatal_producer_error_stops_the_application()
    {
        using var host = MessagingTestHost.Build(kafka.BootstrapServers, _ => { });
        await host.StartAsync(TestContext.Current.CancellationToken);
        var producer = host.Services.GetRequiredService<EventProducer>();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();

        LibrdkafkaExports.Bind().TriggerFatalError(producer.Handle, ErrorCode.Local_Fail, "injected by the test");

        await Eventually.TrueAsync(() => lifetime.ApplicationStopping.IsCancellationRequested, "the application stopping");
        await host.StopAsync(TestContext.Current.CancellationToken);
        Assert.True(host.Services.GetRequiredService<KafkaFatalErrors>().Occurred);
        Assert.Equal(0, Environment.ExitCode);
    }
}
