using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Streaming.Core.Contracts;
using Streaming.Evaluator;
using Streaming.Evaluator.Dashboard;
using Streaming.Ingest;
using Streaming.Messaging;
using Streaming.Trainer.Retraining;

namespace Streaming.Cli.Commands;

/// <summary>
/// <c>streaming up</c>: the whole system in one process on the embedded default (mock Kafka + Garnet): every worker
/// built so far, the endpoints printed for producers and consumers, and a status line every few seconds.
/// </summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var partitions = new Option<int>("--partitions") { Description = "Partitions of each standard topic.", DefaultValueFactory = _ => 12 };
        var redisPort = new Option<int>("--redis-port") { Description = "Port of the embedded Redis (Garnet); 0 picks a free port.", DefaultValueFactory = _ => 0 };
        var persist = new Option<DirectoryInfo?>("--persist") { Description = "Directory where Garnet persists live state." };
        var demo = new Option<int>("--demo") { Description = "Produce this many synthetic clicks per second (0: none; produce your own to the clicks topic)." };
        var duration = new Option<TimeSpan?>("--duration") { Description = "Stop after this long (e.g. 00:00:30); default: until Ctrl-C." };
        var command = new Command("up", "Run the whole pipeline in one process on embedded Kafka and Redis.") { partitions, redisPort, persist, demo, duration };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            string[] tokens = [.. parse.UnmatchedTokens];
            if (CommandLineSettings.FirstError(tokens) is { } error)
            {
                await Console.Error.WriteLineAsync($"streaming up: {error}");
                return 2;
            }

            await using var stack = EmbeddedStack.Start(brokers: 1, parse.GetValue(partitions), parse.GetValue(redisPort), parse.GetValue(persist)?.FullName);
            var (registry, temporary) = SharedRegistry(tokens);
            try
            {
                var settings = new Dictionary<string, string?>(stack.WorkerSettings);
                foreach (var (key, value) in registry)
                {
                    settings[key] = value;
                }

                return await RunAsync(parse, stack, tokens, settings, cancellationToken);
            }
            finally
            {
                if (temporary is not null && Directory.Exists(temporary))
                {
                    Directory.Delete(temporary, recursive: true);
                }
            }
        });
        return command;

        async Task<int> RunAsync(ParseResult parse, EmbeddedStack stack, string[] tokens, Dictionary<string, string?> settings, CancellationToken cancellationToken)
        {
            using var host = WorkerHost.Build(WorkerCatalog.Available.Keys, tokens, settings);
            Console.WriteLine($"kafka: {stack.Kafka.BootstrapServers}");
            Console.WriteLine($"redis: {stack.Redis.Endpoint}");
            if (await WorkerHost.StartAsync(host, cancellationToken) is { } failed)
            {
                return failed;
            }

            if (host.Services.GetService<DashboardServer>() is { } dashboard)
            {
                // A hosted service: started (and listening) once the host has started.
                Console.WriteLine($"dashboard: {await dashboard.Address}");
            }

            Console.WriteLine($"workers: {string.Join(", ", WorkerCatalog.Available.Keys)}");
            Console.WriteLine($"registry: {Registry(host)} (the trainer publishes here after --Trainer:MinNewClicks new clicks and --Trainer:MinInterval; Candidates and the Ranker swap to each new version)");
            Console.WriteLine($"produce clicks to '{Topics.Clicks}'; follow '{Topics.SessionUpdates}' with: streaming tail {Topics.SessionUpdates} --bootstrap-servers {stack.Kafka.BootstrapServers}");
            Console.WriteLine($"follow the answers with: streaming tail {Topics.Recommendations} --bootstrap-servers {stack.Kafka.BootstrapServers}");

            // Everything below ends when the user stops (Ctrl-C, --duration) or the host stops itself (a fatal error).
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var hostStopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(stop.Cancel);
            if (parse.GetValue(duration) is { } limit)
            {
                stop.CancelAfter(limit);
            }

            var rate = parse.GetValue(demo);
            var traffic = rate > 0 ? new DemoTraffic(host.Services.GetRequiredService<EventProducer>(), rate) : null;
            var producing = traffic?.RunAsync(stop.Token) ?? Task.CompletedTask;
            await ReportAsync(host, traffic, stop.Token);
            await producing;
            // Stops the host unless it stopped itself; its exit code is the process's (a fatal error sets 1).
            await host.WaitForShutdownAsync(stop.Token);
            PrintStatus(host, traffic);
            return WorkerHost.ExitCode(host);
        }
    }

    /// <summary>
    /// The trainer, Candidates, the Ranker and the IntentWorker (which waits for a fused ranker) must share a registry for retrained versions to be served. A path the
    /// user gave any of them (arguments or environment) is used for all; with none, a temporary registry lives as long
    /// as this process. Only unset keys are returned, so the user's own settings are never overridden.
    /// </summary>
    private static (Dictionary<string, string?> Settings, string? Temporary) SharedRegistry(string[] tokens)
    {
        var given = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(tokens).Build();
        string[] keys = [TrainerOptions.Section + ":" + nameof(TrainerOptions.RegistryPath), "Candidates:RegistryPath", "Ranker:RegistryPath", "IntentWorker:RegistryPath", "Evaluator:RegistryPath"];
        string? temporary = null;
        var path = keys.Select(key => given[key]).FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
        if (path is null)
        {
            // Not created here: the trainer creates it with its first version, and an absent registry is an empty one.
            temporary = Path.Combine(Path.GetTempPath(), "streaming-up-registry-" + Guid.NewGuid().ToString("N"));
            path = temporary;
        }

        var settings = keys.Where(key => string.IsNullOrWhiteSpace(given[key])).ToDictionary(key => key, string? (_) => path, StringComparer.Ordinal);
        return (settings, temporary);
    }

    private static string Registry(IHost host)
    {
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        return configuration[TrainerOptions.Section + ":" + nameof(TrainerOptions.RegistryPath)] ?? "(none)";
    }

    private static async Task ReportAsync(IHost host, DemoTraffic? traffic, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                PrintStatus(host, traffic);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private static void PrintStatus(IHost host, DemoTraffic? traffic)
    {
        var ingest = host.Services.GetRequiredService<IngestMetrics>();
        var messaging = host.Services.GetRequiredService<MessagingMetrics>();
        var trainer = host.Services.GetRequiredService<TrainerMetrics>();
        // The trainer reads the clicks too: count Ingest's group only.
        var ingestGroup = host.Services.GetRequiredService<IOptions<IngestOptions>>().Value.ConsumerGroup;
        var produced = traffic is null ? "" : $"demo clicks produced {traffic.Produced} | ";
        Console.WriteLine(
            $"{DateTime.Now:HH:mm:ss} {produced}clicks consumed {messaging.Total(MessagingMetrics.ConsumedName, Topics.Clicks, ingestGroup)} | " +
            $"applied {ingest.AppliedTotal} | duplicates {ingest.DuplicatesTotal} | " +
            $"dead-lettered {messaging.Total(MessagingMetrics.DeadLetteredName, Topics.Clicks)} | " +
            $"session updates {messaging.Total(MessagingMetrics.ProducedName, Topics.SessionUpdates)} | " +
            $"candidate lists {messaging.Total(MessagingMetrics.ProducedName, Topics.Candidates)} | " +
            $"intents {messaging.Total(MessagingMetrics.ProducedName, Topics.Intents)} | " +
            $"recommendations {messaging.Total(MessagingMetrics.ProducedName, Topics.Recommendations)} | " +
            $"trainer clicks {trainer.ClicksReadTotal}, rounds {trainer.RoundsTotal} (published {trainer.PublishedTotal}) | " +
            host.Services.GetRequiredService<PrequentialEvaluator>().Summary());
    }
}
