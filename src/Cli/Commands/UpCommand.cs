using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Streaming.Candidates;
using Streaming.Cli.Bootstrap;
using Streaming.Core.Contracts;
using Streaming.Evaluator;
using Streaming.Evaluator.Dashboard;
using Streaming.Core.Models;
using Streaming.Ingest;
using Streaming.Messaging;
using Streaming.Ranker;
using Streaming.ServiceDefaults;
using Streaming.Trainer.Retraining;

namespace Streaming.Cli.Commands;

/// <summary>
/// <c>streaming up</c>: the whole system in one process on the embedded default (mock Kafka + Garnet): every worker,
/// a model served from the start (bootstrapped on the built-in synthetic data or a real dataset, and cached, unless a
/// registry is given), the endpoints printed for producers and consumers, <c>ready</c> once every worker consumes and
/// a model is served, then a status line every few seconds.
/// </summary>
internal static class UpCommand
{
    private const string IntentProviderKey = "IntentWorker:Provider";
    internal const string IntentCatalogKey = "IntentWorker:CatalogPath";

    public static Command Create()
    {
        var partitions = new Option<int>("--partitions") { Description = "Partitions of each standard topic.", DefaultValueFactory = _ => 12 };
        var redisPort = new Option<int>("--redis-port") { Description = "Port of the embedded Redis (Garnet); 0 picks a free port.", DefaultValueFactory = _ => 0 };
        var persist = new Option<DirectoryInfo?>("--persist") { Description = "Directory where Garnet persists live state." };
        var demo = new Option<int>("--demo") { Description = "Produce this many demo clicks per second: fresh synthetic sessions, or the real dataset's held-out sessions (0: none; produce your own to the clicks topic)." };
        var duration = new Option<TimeSpan?>("--duration") { Description = "Stop after this long (e.g. 00:00:30); default: until Ctrl-C." };
        var dataset = new Option<string>("--dataset") { Description = "What the bootstrap trains on and the demo replays: the built-in synthetic log, or a real dataset's paper split.", DefaultValueFactory = _ => "synthetic" };
        dataset.AcceptOnlyFromAmong("synthetic", "ml-1m", "beauty");
        var dataDir = new Option<string?>("--data-dir") { Description = $"Data directory with paper-splits/ for ml-1m and beauty (default: ${DatasetsDataDirectory.EnvironmentVariable})." };
        var registryOption = new Option<string?>("--registry") { Description = "Serve this model registry (and let the trainer publish there); skips the bootstrap." };
        var command = new Command("up", "Run the whole pipeline in one process on embedded Kafka and Redis, serving recommendations from the start.")
        {
            partitions, redisPort, persist, demo, duration, dataset, dataDir, registryOption,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            string[] tokens = [.. parse.UnmatchedTokens];
            if (CommandLineSettings.FirstError(tokens) is { } error)
            {
                await Console.Error.WriteLineAsync($"streaming up: {error}");
                return 2;
            }

            if (!UpDataset.TryOpen(parse.GetValue(dataset), parse.GetValue(dataDir), out var data, out var dataError))
            {
                await Console.Error.WriteLineAsync($"streaming up: {dataError}");
                return 2;
            }

            var given = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(tokens).Build();
            var (registry, bootstrap) = PlanRegistry(parse.GetValue(registryOption), given);
            if (registry is null)
            {
                await Console.Error.WriteLineAsync($"streaming up: --registry {parse.GetValue(registryOption)} does not exist (omit it to bootstrap one)");
                return 2;
            }

            var partitionCount = parse.GetValue(partitions);
            await using var stack = EmbeddedStack.Start(brokers: 1, partitionCount, parse.GetValue(redisPort), parse.GetValue(persist)?.FullName);
            var settings = new Dictionary<string, string?>(stack.WorkerSettings);
            foreach (var (key, value) in SharedRegistrySettings(given, registry))
            {
                settings[key] = value;
            }

            // Bad settings are reported before the bootstrap spends a minute training for a host that cannot start.
            using (var probe = WorkerHost.Build(WorkerCatalog.Available.Keys, tokens, settings))
            {
                if (await WorkerHost.ValidateAsync(probe) is { } invalid)
                {
                    return invalid;
                }
            }

            Console.WriteLine($"kafka: {stack.Kafka.BootstrapServers}");
            Console.WriteLine($"redis: {stack.Redis.Endpoint}");
            try
            {
                if (bootstrap)
                {
                    try
                    {
                        await BootstrapAsync(given, data, registry, cancellationToken);
                    }
                    catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or ArgumentException or NotSupportedException)
                    {
                        await Console.Error.WriteLineAsync($"streaming up: bootstrap failed: {e.Message}");
                        return 2;
                    }
                }

                // The IntentWorker grounds in the served version's catalog.
                if (string.IsNullOrWhiteSpace(given[IntentCatalogKey]) && new ModelRegistry(registry).Latest() is { } latest)
                {
                    settings[IntentCatalogKey] = latest.CatalogPath;
                }

                return await RunAsync(parse, stack, tokens, settings, data, partitionCount, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped during the bootstrap.
                return 0;
            }
            finally
            {
                if (bootstrap && Directory.Exists(registry))
                {
                    Directory.Delete(registry, recursive: true);
                }
            }
        });
        return command;

        async Task<int> RunAsync(ParseResult parse, EmbeddedStack stack, string[] tokens, Dictionary<string, string?> settings, UpDataset data, int partitionCount, CancellationToken cancellationToken)
        {
            using var readiness = new WorkerReadiness(partitionCount);
            using var host = WorkerHost.Build(WorkerCatalog.Available.Keys, tokens, settings);
            // Made before the workers start: it counts from then on.
            var telemetry = host.Services.GetRequiredService<TelemetryReader>();
            if (await WorkerHost.StartAsync(host, cancellationToken) is { } failed)
            {
                return failed;
            }

            if (host.Services.GetService<DashboardServer>() is { } dashboard)
            {
                // A hosted service: started (and listening) once the host has started.
                Console.WriteLine($"dashboard: {await dashboard.Address}");
            }

            var registry = Registry(host);
            Console.WriteLine($"workers: {string.Join(", ", WorkerCatalog.Available.Keys)}");
            Console.WriteLine($"registry: {registry} (the trainer publishes here after --Trainer:MinNewClicks new clicks and --Trainer:MinInterval; Candidates and the Ranker swap to each new version)");
            Console.WriteLine($"follow the answers with: streaming tail {Topics.Recommendations} --bootstrap-servers {stack.Kafka.BootstrapServers}");

            // Everything below ends when the user stops (Ctrl-C, --duration) or the host stops itself (a fatal error).
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var hostStopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(stop.Cancel);
            if (parse.GetValue(duration) is { } limit)
            {
                stop.CancelAfter(limit);
            }

            if (await readiness.WaitAsync(stop.Token) && Served(host) is { } served)
            {
                Console.WriteLine(served);
                Console.WriteLine("ready");
            }

            var rate = parse.GetValue(demo);
            var traffic = rate > 0 && !stop.IsCancellationRequested
                ? new DemoTraffic(host.Services.GetRequiredService<EventProducer>(), rate, data.DemoSessions())
                : null;
            var producing = traffic?.RunAsync(stop.Token) ?? Task.CompletedTask;
            var firstAnswer = traffic is null ? Task.CompletedTask : FirstAnswerAsync(telemetry, stop.Token);
            await ReportAsync(host, telemetry, traffic, stop.Token);
            await producing;
            await firstAnswer;
            // Stops the host unless it stopped itself; its exit code is the process's (a fatal error sets 1).
            await host.WaitForShutdownAsync(stop.Token);
            PrintStatus(host, telemetry, traffic);
            return WorkerHost.ExitCode(host);
        }
    }

    /// <summary>
    /// The registry to serve: <c>--registry</c> (null when it does not exist), else a path the user gave any worker, else
    /// a new directory for this run that the bootstrap fills (<c>true</c>).
    /// </summary>
    internal static (string? Registry, bool Bootstrap) PlanRegistry(string? option, IConfiguration given)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return (Directory.Exists(option) ? option : null, false);
        }

        if (RegistryKeys.Select(key => given[key]).FirstOrDefault(value => !string.IsNullOrWhiteSpace(value)) is { } path)
        {
            return (path, false);
        }

        return (Path.Combine(Path.GetTempPath(), "streaming-up-registry-" + Guid.NewGuid().ToString("N")), true);
    }

    /// <summary>
    /// Fills <paramref name="registry"/> with the bootstrap's models: from the cache when this data and these settings
    /// were trained before, else trained now and cached. A copy per run, so the trainer's new versions never change the cache.
    /// </summary>
    internal static async Task BootstrapAsync(IConfiguration given, UpDataset data, string registry, CancellationToken cancellationToken)
    {
        var provider = given[IntentProviderKey] is { Length: > 0 } named ? named : "catalog";
        var request = new BootstrapRequest(data.Name, string.Empty, data.Metadata, provider, SrGnnEpochs: 3, DmsRecEpochs: 3, Seed: 2019, Threads: 2, TopK: 100);
        string[] keyParts =
        [
            .. data.KeyParts(),
            $"provider {provider} {given["IntentWorker:Llm:Endpoint"]} {given["IntentWorker:Llm:Model"]}",
            $"epochs {request.SrGnnEpochs}/{request.DmsRecEpochs} seed {request.Seed} top {request.TopK}",
        ];
        var clock = Stopwatch.StartNew();
        var (cached, reused) = await BootstrapCache.GetOrBuildAsync(
            data.Name + "-" + BootstrapCache.Key(keyParts),
            async directory =>
            {
                Console.WriteLine($"bootstrap: no cached models for this data and these settings; training on '{data.Name}'{(data.IsSynthetic ? " (built-in synthetic data, not a real dataset)" : string.Empty)} (progress on stderr)");
                var work = Path.Combine(directory, "work");
                var result = await ModelBootstrap.PublishAsync(
                    request with { DataRoot = data.DataRoot(work) }, Path.Combine(directory, BootstrapCache.RegistryDirectory), work, Console.Error, cancellationToken);
                await File.WriteAllTextAsync(Path.Combine(directory, BootstrapCache.SummaryFile), ModelBootstrap.Describe(result) + "\n", cancellationToken);
                Directory.Delete(work, recursive: true);
            },
            cancellationToken);
        var summary = (await File.ReadAllTextAsync(Path.Combine(cached, BootstrapCache.SummaryFile), cancellationToken)).Trim();
        CopyDirectory(Path.Combine(cached, BootstrapCache.RegistryDirectory), registry);
        Console.WriteLine($"bootstrap: {(reused ? "reused" : "trained")} {cached} in {clock.Elapsed.TotalSeconds:F1} s; {summary}");
    }

    private static readonly string[] RegistryKeys = [TrainerOptions.Section + ":" + nameof(TrainerOptions.RegistryPath), "Candidates:RegistryPath", "Ranker:RegistryPath", "IntentWorker:RegistryPath", "Evaluator:RegistryPath"];

    /// <summary>
    /// The trainer, Candidates, the Ranker, the IntentWorker (which waits for a fused ranker) and the evaluator share one
    /// registry, so retrained versions are served. Only keys the user left unset are returned.
    /// </summary>
    internal static Dictionary<string, string?> SharedRegistrySettings(IConfiguration given, string registry) =>
        RegistryKeys.Where(key => string.IsNullOrWhiteSpace(given[key])).ToDictionary(key => key, string? (_) => registry, StringComparer.Ordinal);

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    /// <summary>What Candidates and the Ranker serve (loading it now, so the first click does not wait for it).</summary>
    internal static string? Served(IHost host)
    {
        var candidates = host.Services.GetService<CandidateModel>()?.CurrentVersion;
        var ranker = host.Services.GetService<RankerModel>()?.Current is not null;
        return candidates is null
            ? "serving: no model (the registry has no version yet; the trainer publishes one after enough clicks)"
            : $"serving: {candidates} (candidates{(ranker ? " and the fused ranker" : ", no fused ranker")})";
    }

    private static string Registry(IHost host)
    {
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        return configuration[TrainerOptions.Section + ":" + nameof(TrainerOptions.RegistryPath)] ?? "(none)";
    }

    /// <summary>Prints how long after the demo started the first recommendation was issued.</summary>
    private static async Task FirstAnswerAsync(TelemetryReader telemetry, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (Produced(telemetry, Topics.Recommendations) > 0)
                {
                    Console.WriteLine($"first recommendation {clock.Elapsed.TotalSeconds:F2} s after the first demo click");
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped before any answer.
        }
    }

    /// <summary>
    /// One live answer as a user would see it: the latest answered session's last clicks and its newest answer's top
    /// items, by title (from the evaluator, which follows the answers).
    /// </summary>
    private static void PrintExample(IHost host)
    {
        var recent = host.Services.GetService<RecentSessions>();
        var titles = host.Services.GetService<ItemTitles>();
        if (recent?.Latest is not { } session || titles is null || recent.Get(session) is not { } found || found.Answers.Count == 0)
        {
            return;
        }

        var answer = found.Answers[^1];
        string Title(string item) => titles.Of(item) ?? item;
        var clicked = string.Join(", ", found.Clicks.TakeLast(3).Select(c => Title(c.ItemId)));
        var top = string.Join(", ", answer.Items.Take(5).Select(Title));
        Console.WriteLine($"  e.g. session {session} clicked {clicked} -> {answer.Kind} answer v{answer.SessionVersion}: {top}");
    }

    private static async Task ReportAsync(IHost host, TelemetryReader telemetry, DemoTraffic? traffic, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                PrintStatus(host, telemetry, traffic);
                PrintExample(host);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    /// <summary>One line of the workers' figures, all read from their OpenTelemetry instruments.</summary>
    private static void PrintStatus(IHost host, TelemetryReader telemetry, DemoTraffic? traffic)
    {
        // The trainer reads the clicks too: count Ingest's group only.
        var ingestGroup = host.Services.GetRequiredService<IOptions<IngestOptions>>().Value.ConsumerGroup;
        var produced = traffic is null ? "" : $"demo clicks produced {traffic.Produced} | ";
        Console.WriteLine(
            $"{DateTime.Now:HH:mm:ss} {produced}clicks consumed {telemetry.Total(MessagingMetrics.ConsumedName, ("topic", Topics.Clicks), ("group", ingestGroup))} | " +
            $"applied {telemetry.Total(IngestMetrics.AppliedName)} | duplicates {telemetry.Total(IngestMetrics.DuplicatesName)} | " +
            $"dead-lettered {telemetry.Total(MessagingMetrics.DeadLetteredName, ("topic", Topics.Clicks))} | " +
            $"session updates {Produced(telemetry, Topics.SessionUpdates)} | " +
            $"candidate lists {Produced(telemetry, Topics.Candidates)} | " +
            $"intents {Produced(telemetry, Topics.Intents)} | " +
            $"recommendations {Produced(telemetry, Topics.Recommendations)} | " +
            $"trainer clicks {telemetry.Total(TrainerMetrics.ClicksReadName)}, rounds {telemetry.Total(TrainerMetrics.RoundsName)} (published {telemetry.Total(TrainerMetrics.PublishedName)}) | " +
            host.Services.GetRequiredService<PrequentialEvaluator>().Summary());
    }

    private static long Produced(TelemetryReader telemetry, string topic) => telemetry.Total(MessagingMetrics.ProducedName, ("topic", topic));
}
