using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Streaming.Messaging.Tests;

/// <summary>A generic host composed the way a worker is (AddKafkaMessaging + consumers), with fast test timings.</summary>
internal static class MessagingTestHost
{
    public static IHost Build(string? bootstrapServers, Action<IServiceCollection> configure, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var values = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Kafka:ClientId"] = "messaging-tests",
            ["Kafka:PollTimeout"] = "00:00:00.050",
            ["Kafka:RetryInitialBackoff"] = "00:00:00.010",
            ["Kafka:RetryMaxBackoff"] = "00:00:00.080",
            ["Kafka:LagRefreshInterval"] = "00:00:00.050",
            ["Kafka:ShutdownDrainTimeout"] = "00:00:02",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        if (Environment.GetEnvironmentVariable("STREAMING_TEST_LOG") == "1")
        {
            // Opt-in console logs for debugging a failing test.
            builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ");
        }

        builder.Services.AddKafkaMessaging();
        configure(builder.Services);
        return builder.Build();
    }
}
