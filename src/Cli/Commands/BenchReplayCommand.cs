using System.CommandLine;
using System.Globalization;

namespace Streaming.Cli.Commands;

/// <summary>
/// <c>streaming bench replay</c>: replays a dataset at full speed into an in-process Kafka mock
/// cluster and prints the throughput. The data comes from --data-dir / $STREAMING_DATA_DIR.
/// </summary>
internal static class BenchReplayCommand
{
    public static Command Create()
    {
        var command = new Command("replay", "Replay throughput (events/s) into an in-process Kafka mock cluster.");
        var source = new DatasetsSourceOptions();
        source.AddTo(command);
        var limit = ReplayCommand.LimitOption();
        command.Options.Add(limit);
        command.SetAction(async (parse, ct) =>
        {
            await using var cluster = Streaming.Messaging.EmbeddedKafka.Start(brokers: 1);
            Console.Error.WriteLine($"mock cluster at {cluster.BootstrapServers}; {Environment.ProcessorCount} cores");
            var topic = "bench-replay-" + Guid.NewGuid().ToString("N")[..8];
            ReplayResult? result = null;
            var code = await ReplayCommand.ExecuteAsync(
                parse, source, topic, ReplaySpeed.Max, parse.GetValue(limit), () => ReplayProducer.Create(cluster.BootstrapServers), ct, r => result = r);
            if (result is not null)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"bench replay: {result.EventsPerSecond:N0} events/s ({result.Events:N0} events, produce to acknowledged, {result.Elapsed.TotalSeconds:0.00} s)"));
            }

            return code;
        });
        return command;
    }
}
