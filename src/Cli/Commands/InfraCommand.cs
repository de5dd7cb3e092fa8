using System.CommandLine;

namespace Streaming.Cli.Commands;

/// <summary>
/// <c>streaming infra</c>: embedded Kafka (mock cluster) and Redis (Garnet) as a standalone process, so workers can
/// run as separate processes on one machine. Prints its endpoints, then <c>ready</c>, and runs until SIGINT/SIGTERM.
/// </summary>
internal static class InfraCommand
{
    public static Command Create()
    {
        var brokers = new Option<int>("--brokers") { Description = "Number of mock Kafka brokers.", DefaultValueFactory = _ => 3 };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of each standard topic.", DefaultValueFactory = _ => 12 };
        var redisPort = new Option<int>("--redis-port") { Description = "Port of the embedded Redis (Garnet); 0 picks a free port.", DefaultValueFactory = _ => 6390 };
        var persist = new Option<DirectoryInfo?>("--persist") { Description = "Directory where Garnet checkpoints and logs (and recovers from); Kafka's mock cluster keeps nothing." };
        var command = new Command("infra", "Run embedded Kafka and Redis for workers in other processes.") { brokers, partitions, redisPort, persist };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var stack = EmbeddedStack.Start(parse.GetValue(brokers), parse.GetValue(partitions), parse.GetValue(redisPort), parse.GetValue(persist)?.FullName);
            Console.WriteLine($"kafka: {stack.Kafka.BootstrapServers}");
            Console.WriteLine($"redis: {stack.Redis.Endpoint}");
            Console.WriteLine("ready");
            await Console.Out.FlushAsync(cancellationToken);
            await WaitForStopAsync(cancellationToken);
            await Console.Error.WriteLineAsync("stopping");
            return 0;
        });
        return command;
    }

    /// <summary>Waits until the command's token fires (SIGINT/SIGTERM).</summary>
    internal static async Task WaitForStopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The normal way out.
        }
    }
}
