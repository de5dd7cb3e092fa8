using System.Globalization;
using System.Text;
using Confluent.Kafka;
using StackExchange.Redis;
using Streaming.Core.Catalog;
using Streaming.Core.Contracts;
using Streaming.Core.Live;
using Streaming.Core.Models;
using Streaming.Messaging;
using Streaming.State;
using Streaming.Testing;
using Streaming.Trainer.Models;
using Streaming.Trainer.Native;
using Streaming.Trainer.Registry;
using TorchSharp;

namespace Streaming.Faults.Tests;

/// <summary>
/// The whole pipeline on loopback, one OS process per worker: the Kafka mock cluster (held by this test process,
/// served over TCP), a <c>redis-server</c> with an fsynced append-only file, a scripted LLM endpoint, a small fused
/// model registry, and <c>streaming worker</c> processes for Ingest, Candidates, the IntentWorker (an LLM provider)
/// and the Ranker. Tests kill, restart, add and remove processes and check the state against the clicks topic.
/// </summary>
public sealed class Pipeline : IAsyncLifetime
{
    public const int Partitions = 4;
    public const int Window = 50;
    private const int ItemCount = 40;
    private const int IntentDimension = 384;

    private readonly Dictionary<string, WorkerProcess> _workers = new(StringComparer.Ordinal);
    private readonly string _root = Directory.CreateTempSubdirectory("streaming-faults-").FullName;
    private EmbeddedKafka? _kafka;
    private RestartableRedis? _redis;
    private ScriptedLlm? _llm;
    private OutputTopics? _output;
    private IProducer<string, byte[]>? _producer;
    private ConnectionMultiplexer? _reader;
    private ItemCatalog? _catalog;
    private string _registry = "";

    /// <summary>Why the suite cannot run here (no <c>redis-server</c>; under <c>CI=true</c> that is an error instead).</summary>
    public string? SkipReason { get; private set; }

    internal ScriptedLlm Llm => _llm!;

    internal OutputTopics Output => _output!;

    internal IProducer<string, byte[]> Producer => _producer!;

    internal RestartableRedis Redis => _redis!;

    public IReadOnlyList<string> Items => [.. _catalog!.Items.Select(i => i.ExternalId)];

    /// <summary>Base instances, one per worker, named as the worker.</summary>
    public static IReadOnlyList<string> Workers { get; } = ["ingest", "candidates", "intents", "ranker"];

    public async ValueTask InitializeAsync()
    {
        SkipReason = RedisServerProcess.UnavailableReason();
        if (SkipReason is not null)
        {
            return;
        }

        var ct = TestContext.Current.CancellationToken;
        _catalog = ItemCatalog.Build(
            Enumerable.Range(1, ItemCount).Select(Id),
            Enumerable.Range(1, ItemCount).Select(i => new ItemMetadata(Id(i), Title(i), ["fault test"], "Faults")));
        _registry = Path.Combine(_root, "registry");
        PublishFusedModel(_catalog, _registry);

        _kafka = EmbeddedKafka.Start(new EmbeddedKafkaOptions { Brokers = 1, GroupSessionTimeout = TimeSpan.FromSeconds(6) });
        foreach (var topic in Topics.StandardWithDeadLetters())
        {
            _kafka.CreateTopic(topic, Partitions);
        }

        _redis = await RestartableRedis.StartAsync(Directory.CreateDirectory(Path.Combine(_root, "redis")).FullName, ct);
        _reader = await ConnectionMultiplexer.ConnectAsync(RedisConnection.Configure(_redis.Endpoint));
        _llm = new ScriptedLlm([.. Enumerable.Range(1, ItemCount).Select(Title)]);
        _output = new OutputTopics(_kafka.BootstrapServers, Partitions);
        _producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            EnableIdempotence = true,
            LingerMs = 5,
        }).SetLogHandler(static (_, _) => { }).Build();
        foreach (var worker in Workers)
        {
            Start(worker);
        }

        // Every worker up and serving before any fault: a few sessions answered, refined by intents.
        var warmUp = NewReplay("warm", sessions: 6, seed: 1);
        await warmUp.ProduceRestAsync(Producer, perSecond: 200, ct);
        await AssertConvergedAsync(warmUp, TimeSpan.FromMinutes(4), ct);
        await WaitForAsync(() => Output.Answers(warmUp.Prefix).Any(a => a.IntentsVersion is not null), "a refined answer in the warm-up", TimeSpan.FromMinutes(2), ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers.Values)
        {
            worker.Dispose();
        }

        _producer?.Dispose();
        _output?.Dispose();
        if (_llm is not null)
        {
            await _llm.DisposeAsync();
        }

        if (_reader is not null)
        {
            await _reader.DisposeAsync();
        }

        _redis?.Dispose();
        _kafka?.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }

    internal ClickReplay NewReplay(string name, int sessions, int seed) =>
        ClickReplay.Create($"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)], sessions, Items, seed);

    internal WorkerProcess this[string instance] => _workers[instance];

    /// <summary>
    /// Starts an instance of <paramref name="worker"/> named <paramref name="instance"/> (default: the worker's name);
    /// with <paramref name="logAssignments"/> it logs its consumer groups' partition assignments.
    /// </summary>
    internal void Start(string worker, string? instance = null, bool logAssignments = false)
    {
        instance ??= worker;
        if (_workers.Remove(instance, out var old))
        {
            old.Dispose();
        }

        var settings = Settings(worker);
        if (logAssignments)
        {
            settings["Logging__LogLevel__Streaming.Messaging"] = "Information";
        }

        _workers[instance] = WorkerProcess.Start(worker, instance, settings, _root);
    }

    /// <summary><c>kill -9</c> an instance, then at once start a new process in its place (as an orchestrator restarts a crashed one).</summary>
    internal void KillAndRestart(string instance)
    {
        var worker = _workers[instance];
        Assert.False(worker.HasExited, $"{instance} had already exited before the kill:\n{worker.Tail()}");
        worker.Kill();
        Start(WorkerOf(instance), instance);
    }

    /// <summary>SIGTERM an instance (a scale-down) and forget it; it must leave cleanly.</summary>
    internal async Task TerminateAsync(string instance, CancellationToken cancellationToken)
    {
        var worker = _workers[instance];
        var exitCode = await worker.TerminateAsync(TimeSpan.FromSeconds(60), cancellationToken);
        Assert.True(exitCode == 0, $"{instance} exited with {exitCode}:\n{worker.Tail()}");
        _workers.Remove(instance);
        worker.Dispose();
    }

    /// <summary>Before each case: every base worker running, the LLM answering.</summary>
    internal void EnsureRunning()
    {
        Llm.Mode = LlmMode.Answering;
        foreach (var worker in Workers.Where(w => !_workers.TryGetValue(w, out var process) || process.HasExited))
        {
            Start(worker);
        }
    }

    /// <summary>
    /// Waits (up to <paramref name="bound"/>, generous: speed is not what is tested) until every session of the replay
    /// is stored in Redis exactly as recomputed from the clicks topic and its newest version has an answer on
    /// <c>recommendations</c>; fails naming what is still wrong and showing the workers' last log lines.
    /// </summary>
    internal async Task AssertConvergedAsync(ClickReplay replay, TimeSpan bound, CancellationToken cancellationToken)
    {
        var reference = await ClicksTopic.RecomputeAsync(_kafka!.BootstrapServers, replay.Prefix, Partitions, Window, cancellationToken);
        Assert.Equal(replay.SessionCount, reference.Count);
        Assert.Equal(replay.Produced, reference.Values.Sum(s => s.Version));
        var deadline = DateTime.UtcNow + bound;
        List<string> problems;
        while (true)
        {
            problems = await ProblemsAsync(reference, replay.Prefix);
            if (problems.Count == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }

        Assert.Fail($"{problems.Count} of {reference.Count} sessions of {replay.Prefix} not as recomputed from the clicks topic or unanswered after {bound}:\n"
            + string.Join('\n', problems.Take(10)) + "\n" + Diagnostics());
    }

    internal static async Task WaitForAsync(Func<bool> condition, string what, TimeSpan bound, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out after {bound} waiting for {what}");
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    internal string Diagnostics()
    {
        var text = new StringBuilder();
        foreach (var worker in _workers.Values)
        {
            text.AppendLine(worker.Tail());
        }

        return text.ToString();
    }

    private async Task<List<string>> ProblemsAsync(Dictionary<string, LiveSession> reference, string prefix)
    {
        var problems = new List<string>();
        var answered = Output.AnsweredVersions(prefix);
        var db = _reader!.GetDatabase();
        var ids = reference.Keys.ToArray();
        RedisValue[] stored;
        try
        {
            stored = await db.StringGetAsync([.. ids.Select(id => (RedisKey)RedisKeys.Session(id))]);
        }
        catch (RedisException ex)
        {
            return [$"redis not readable: {ex.Message}"];
        }

        for (var i = 0; i < ids.Length; i++)
        {
            var expected = reference[ids[i]];
            var actual = LiveSessionCodec.Decode(stored[i]);
            if (actual is null || !actual.SameAs(expected))
            {
                problems.Add($"{ids[i]}: stored {actual?.ToString() ?? "nothing"}, recomputed {expected}");
            }
            else if (answered.GetValueOrDefault(ids[i]) != expected.Version)
            {
                problems.Add($"{ids[i]}: version {expected.Version}, newest answer for version {answered.GetValueOrDefault(ids[i])}");
            }
        }

        return problems;
    }

    private Dictionary<string, string> Settings(string worker)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Kafka__BootstrapServers"] = _kafka!.BootstrapServers,
            ["Redis__Configuration"] = _redis!.Endpoint,
            ["Logging__LogLevel__Default"] = "Warning",
            ["DOTNET_gcServer"] = "0",
        };
        switch (worker)
        {
            case "candidates":
                settings["Candidates__RegistryPath"] = _registry;
                settings["Candidates__IntraOpThreads"] = "1";
                break;
            case "ranker":
                settings["Ranker__RegistryPath"] = _registry;
                settings["Ranker__IntraOpThreads"] = "1";
                break;
            case "intents":
                settings["IntentWorker__Provider"] = "openai-compatible";
                settings["IntentWorker__Llm__Endpoint"] = Llm.Endpoint;
                settings["IntentWorker__Llm__Model"] = "faults-model";
                settings["IntentWorker__Llm__ApiKey"] = "faults";
                // Fail fast and recover fast: no retries, a short attempt timeout and a short open breaker.
                settings["IntentWorker__Llm__MaxRetries"] = "0";
                settings["IntentWorker__Llm__AttemptTimeout"] = "00:00:01";
                settings["IntentWorker__Llm__BreakerFailures"] = "3";
                settings["IntentWorker__Llm__BreakerDuration"] = "00:00:01";
                settings["IntentWorker__CatalogPath"] = Path.Combine(_registry, "v000001", ItemCatalog.FileName);
                settings["IntentWorker__RegistryPath"] = _registry;
                settings["IntentWorker__TitleCacheDirectory"] = Path.Combine(_root, "titles");
                settings["IntentWorker__Encoder__IntraOpThreads"] = "1";
                // Speed is not tested: a loaded machine must not drop sessions as late.
                settings["IntentWorker__Deadline"] = "00:00:00";
                break;
            default:
                break;
        }

        return settings;
    }

    private static string WorkerOf(string instance) => Workers.First(w => instance == w || instance.StartsWith(w + "-", StringComparison.Ordinal));

    private static string Id(int i) => "fi-" + i.ToString("D2", CultureInfo.InvariantCulture);

    private static string Title(int i) => "Fault test item " + i.ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>An untrained SR-GNN and fused ranker over the catalog (intent vectors of the encoder's 384 dimensions): answers, not accuracy, are tested.</summary>
    private static void PublishFusedModel(ItemCatalog catalog, string registry)
    {
        TorchRuntime.Initialise(threads: 1);
        torch.manual_seed(7);
        using var srgnn = new SrGnn(ItemCount, hidden: 16);
        using var dmsrec = new DmsRec(ItemCount, hidden: 16, IntentDimension, projectionDropoutRate: 0.2);
        dmsrec.eval();
        ModelPublisher.Publish(new ModelRegistry(registry), new ModelPublication
        {
            Dataset = "faults",
            Catalog = catalog,
            DataWindow = new DataWindow("faults"),
            CandidateModel = srgnn,
            Ranker = dmsrec,
            TopK = 20,
        });
    }
}
