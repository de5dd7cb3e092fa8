using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Streaming.Core.Contracts;
using Streaming.Core.Models;
using Streaming.Serving.Embeddings;
using Streaming.Messaging;
using Streaming.ServiceDefaults;
using Streaming.State;
using Streaming.Testing;

namespace Streaming.IntentWorker.Tests;

/// <summary>The live worker end to end: candidates events in over real Kafka protocol, vectors in a real Redis, intents out.</summary>
[Collection(RedisCollection.Name)]
public sealed class IntentWorkerTests(RedisServers servers, EncoderFixture fixture)
{
    private static readonly DateTimeOffset ClickTime = new(2026, 2, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(RedisServers.Kinds), MemberType = typeof(RedisServers))]
    public async Task Candidates_become_stored_vectors_and_intents_events_and_immaterial_or_bad_input_is_skipped(string server)
    {
        var ct = TestContext.Current.CancellationToken;
        var endpoint = servers.Endpoint(server);
        var prefix = RedisServers.UniquePrefix();
        var directory = Directory.CreateTempSubdirectory("intents-").FullName;
        var catalogPath = Path.Combine(directory, "catalog.tsv");
        TestCatalog.Create().Save(catalogPath);
        var db = servers.Connection(server).GetDatabase();
        string s1 = prefix + "-s1", s2 = prefix + "-s2", s3 = prefix + "-s3";
        await WriteSessionAsync(db, s1, version: 2, "a1", "a2");
        await WriteSessionAsync(db, s2, version: 1, "a6");
        string[] candidates = ["a3", "a1", "a4", "a5", "unknown-item"];

        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        kafka.CreateTopic(Topics.Candidates, 2);
        await ProduceAsync(kafka, s1, Event(s1, 2, candidates), ct);
        await ProduceAsync(kafka, s2, Event(s2, 1, candidates), ct);
        await ProduceAsync(kafka, s3, Event(s3, 1, candidates), ct);
        await ProduceAsync(kafka, s1, "{not json", ct);
        await ProduceAsync(kafka, "another-key", Event(s2, 2, candidates), ct);

        using var host = BuildHost(kafka, endpoint, catalogPath, directory);
        using var counters = new IntentCounters(host.Services);
        await host.StartAsync(ct);
        await Eventually.TrueAsync(
            () => counters.Inferred.Sum() == 1 && counters.SkippedFor("short-session") == 1 && counters.SkippedFor("session-missing") == 1,
            "s1 inferred, s2 too short, s3 missing", TimeSpan.FromSeconds(60));

        var dead = await KafkaTopicReader.ReadAsync(kafka.BootstrapServers, Topics.DeadLetter(Topics.Candidates), 2, TimeSpan.FromSeconds(20), ct);
        Assert.Equal(["invalid-json", MessageRejection.KeyMismatch], dead.Select(m => MessageHeaders.GetString(m.Message.Headers, DeadLetterHeaders.Reason)).Order());

        var published = await KafkaTopicReader.ReadAsync(kafka.BootstrapServers, Topics.Intents, 1, TimeSpan.FromSeconds(20), ct);
        var inferred = JsonSerializer.Deserialize(Assert.Single(published).Message.Value, StreamingJsonContext.Default.IntentsInferred)!;
        Assert.Equal(s1, inferred.SessionId);
        Assert.Equal(2, inferred.SessionVersion);
        Assert.Equal("catalog", inferred.Provider);
        Assert.Equal("v1", inferred.PromptVersion);
        Assert.Equal(["Hydrating Day Cream 50 ml"], inferred.ExplicitTitles);
        Assert.Equal(["Night Repair Cream", "Vitamin C Brightening Serum"], inferred.LatentTitles);
        Assert.Equal(ClickTime, inferred.ClickTime);
        Assert.True(MessageHeaders.TryGetClickTime(published[0].Message.Headers, out _));

        var store = new IntentStore(new RedisConnection(Options.Create(new RedisOptions { Configuration = endpoint })), Options.Create(new IntentWorkerOptions()));
        var stored = await store.GetVectorsAsync(s1, ct);
        Assert.NotNull(stored);
        Assert.Equal(2, stored.Version);
        var encoder = fixture.Encoder;
        Assert.True(VectorMath.Cosine(stored.Explicit, encoder.Encode("Hydrating Day Cream 50 ml")) > 0.9999f);
        var latent = VectorMath.Mean([encoder.Encode("Night Repair Cream"), encoder.Encode("Vitamin C Brightening Serum")], 384);
        Assert.True(VectorMath.Cosine(stored.Latent, latent) > 0.9999f);
        Assert.True(await db.KeyTimeToLiveAsync(RedisKeys.Intents(s1)) > TimeSpan.Zero);

        // An older version is stale (or superseded); v3 with the same items and candidates is not worth a request.
        await ProduceAsync(kafka, s1, Event(s1, 1, candidates), ct);
        await WriteSessionAsync(db, s1, version: 3, "a1", "a2", "a1");
        await ProduceAsync(kafka, s1, Event(s1, 3, candidates), ct);
        await Eventually.TrueAsync(() => counters.SkippedFor("unchanged") == 1, "v3 skipped as unchanged", TimeSpan.FromSeconds(30));
        Assert.True(counters.SkippedFor("stale") + counters.SkippedFor("superseded") >= 1);
        Assert.Equal(1, counters.Inferred.Sum());
        await host.StopAsync(ct);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task When_the_LLM_fails_the_session_gets_no_intents_and_the_failure_is_counted()
    {
        var ct = TestContext.Current.CancellationToken;
        var endpoint = servers.Endpoint(RedisServers.Garnet);
        var s1 = RedisServers.UniquePrefix() + "-s1";
        var directory = Directory.CreateTempSubdirectory("intents-").FullName;
        var catalogPath = Path.Combine(directory, "catalog.tsv");
        TestCatalog.Create().Save(catalogPath);
        var db = servers.Connection(RedisServers.Garnet).GetDatabase();
        await WriteSessionAsync(db, s1, version: 2, "a1", "a2");
        await using var llm = new FakeLlmServer().Then(FakeLlmServer.Reply.Fail(500));
        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        kafka.CreateTopic(Topics.Candidates, 1);
        await ProduceAsync(kafka, s1, Event(s1, 2, ["a3", "a1", "a4"]), ct);

        using var host = BuildHost(kafka, endpoint, catalogPath, directory, new Dictionary<string, string?>
        {
            ["IntentWorker:Provider"] = "openai-compatible",
            ["IntentWorker:Llm:Endpoint"] = llm.BaseUrl + "/v1",
            ["IntentWorker:Llm:Model"] = "test-model",
            ["IntentWorker:Llm:MaxRetries"] = "1",
            ["IntentWorker:Llm:InitialBackoff"] = "00:00:00.010",
        });
        using var counters = new IntentCounters(host.Services);
        await host.StartAsync(ct);
        await Eventually.TrueAsync(() => counters.FailedFor("http-5xx") == 1, "the failed request counted", TimeSpan.FromSeconds(60));

        Assert.Equal(2, llm.Requests.Count);
        Assert.False(await db.KeyExistsAsync(RedisKeys.Intents(s1)));
        Assert.False(await db.KeyExistsAsync(RedisKeys.IntentRequest(s1)));
        var published = await KafkaTopicReader.ReadAsync(kafka.BootstrapServers, Topics.Intents, 1, TimeSpan.FromSeconds(2), ct);
        Assert.Empty(published);
        await host.StopAsync(ct);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task It_reports_ready_once_warm_and_drops_lists_whose_answer_would_come_after_the_deadline()
    {
        var ct = TestContext.Current.CancellationToken;
        var endpoint = servers.Endpoint(RedisServers.Garnet);
        var (directory, catalogPath, sessions) = await PrepareAsync("late", "fresh");
        string late = sessions[0], fresh = sessions[1];
        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        kafka.CreateTopic(Topics.Candidates, 1);

        // The worker's clock says the lists produced now are an hour old.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(1));
        using var host = BuildHost(kafka, endpoint, catalogPath, directory, new Dictionary<string, string?> { ["IntentWorker:Deadline"] = "00:00:05" }, time);
        Assert.Equal(HealthStatus.Unhealthy, (await Readiness.CheckAsync(host.Services, ct)).Status);
        using var counters = new IntentCounters(host.Services);
        await host.StartAsync(ct);
        var report = await Readiness.WaitAsync(host.Services, ct);
        Assert.Equal(["intents-engine", "intents-fused-ranker"], report.Entries.Keys.Order());
        Assert.True(host.Services.GetRequiredService<IntentEngine>().IsWarm, "catalog, encoder and title vectors are ready before any message");

        await ProduceAsync(kafka, late, Event(late, 2, ["a3", "a1", "a4"]), ct);
        await Eventually.TrueAsync(() => counters.SkippedFor("deadline") == 1, "the late list dropped", TimeSpan.FromSeconds(30));

        // A list stamped with the worker's own now is answered.
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            var message = new Message<string, byte[]> { Key = fresh, Value = Encoding.UTF8.GetBytes(Event(fresh, 2, ["a3", "a1", "a4"])), Timestamp = new Timestamp(time.GetUtcNow()) };
            await producer.ProduceAsync(Topics.Candidates, message, ct);
        }

        await Eventually.TrueAsync(() => counters.Inferred.Sum() == 1, "the fresh list inferred", TimeSpan.FromSeconds(30));
        Assert.Equal(1, counters.SkippedFor("deadline"));
        await host.StopAsync(ct);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Nothing_is_inferred_until_a_fused_ranker_is_published_to_the_registry()
    {
        var ct = TestContext.Current.CancellationToken;
        var endpoint = servers.Endpoint(RedisServers.Garnet);
        var (directory, catalogPath, sessions) = await PrepareAsync("s1", "s2");
        string s1 = sessions[0], s2 = sessions[1];
        var registry = Path.Combine(directory, "registry");
        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        kafka.CreateTopic(Topics.Candidates, 1);
        kafka.CreateTopic(Topics.Models, 1);
        WriteVersion(registry, 1, rankerGraph: null);

        using var host = BuildHost(kafka, endpoint, catalogPath, directory, new Dictionary<string, string?> { ["IntentWorker:RegistryPath"] = registry });
        using var counters = new IntentCounters(host.Services);
        await host.StartAsync(ct);
        await ProduceAsync(kafka, s1, Event(s1, 2, ["a3", "a1", "a4"]), ct);
        await Eventually.TrueAsync(() => counters.SkippedFor("no-fused-ranker") == 1, "skipped: v000001 is SR-GNN only", TimeSpan.FromSeconds(30));

        WriteVersion(registry, 2, rankerGraph: "ranker.onnx");
        var announcement = new ModelPublished("dmsrec", "v000002", Path.Combine(registry, "v000002"), "hash", DateTimeOffset.UtcNow);
        await KafkaTopicWriter.ProduceAsync(kafka.BootstrapServers, Topics.Models, "dmsrec", JsonSerializer.Serialize(announcement, StreamingJsonContext.Default.ModelPublished), ct);
        var watch = host.Services.GetRequiredService<FusedRankerWatch>();
        await Eventually.TrueAsync(() => watch.ServedVersion == "v000002", "the fused version seen", TimeSpan.FromSeconds(30));
        await ProduceAsync(kafka, s2, Event(s2, 2, ["a3", "a1", "a4"]), ct);
        await Eventually.TrueAsync(() => counters.Inferred.Sum() == 1, "s2 inferred", TimeSpan.FromSeconds(30));
        Assert.Equal(1, counters.SkippedFor("no-fused-ranker"));
        await host.StopAsync(ct);
        Directory.Delete(directory, recursive: true);
    }

    // A catalog in a new temporary directory, and two-click sessions (version 2) in Garnet named <unique prefix>-<suffix>.
    private async Task<(string Directory, string CatalogPath, string[] Sessions)> PrepareAsync(params string[] suffixes)
    {
        var prefix = RedisServers.UniquePrefix();
        var directory = Directory.CreateTempSubdirectory("intents-").FullName;
        var catalogPath = Path.Combine(directory, "catalog.tsv");
        TestCatalog.Create().Save(catalogPath);
        var db = servers.Connection(RedisServers.Garnet).GetDatabase();
        var sessions = suffixes.Select(suffix => prefix + "-" + suffix).ToArray();
        foreach (var session in sessions)
        {
            await WriteSessionAsync(db, session, version: 2, "a1", "a2");
        }

        return (directory, catalogPath, sessions);
    }

    // Only the manifest matters to the worker: whether the version has a ranker graph.
    private static void WriteVersion(string registry, int number, string? rankerGraph)
    {
        var name = ModelRegistry.VersionName(number);
        var manifest = new ModelVersionManifest(
            name, DateTimeOffset.UtcNow, rankerGraph is null ? "srgnn" : "dmsrec", "toy", 8, 8, 1, 5, rankerGraph is null ? null : 384,
            "candidates.onnx", rankerGraph, "catalog.tsv", new DataWindow("toy"), new Dictionary<string, string>(), new Dictionary<string, double>(), [], "hash");
        Directory.CreateDirectory(Path.Combine(registry, name));
        File.WriteAllText(Path.Combine(registry, name, ModelVersionManifest.FileName), JsonSerializer.Serialize(manifest, ModelManifestJson.Default.ModelVersionManifest));
    }

    private static IHost BuildHost(
        EmbeddedKafka kafka, string redis, string catalogPath, string directory, Dictionary<string, string?>? extra = null, TimeProvider? time = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Redis:Configuration"] = redis,
            ["IntentWorker:CatalogPath"] = catalogPath,
            ["IntentWorker:TitleCacheDirectory"] = directory,
            ["IntentWorker:Encoder:IntraOpThreads"] = "1",

            // Messages wait while the host warms up on a loaded machine: no deadline unless a test sets one.
            ["IntentWorker:Deadline"] = "00:00:00",
        });
        builder.Configuration.AddInMemoryCollection(extra ?? []);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.AddIntentWorker();
        return builder.Build();
    }

    private static string Event(string sessionId, long version, string[] candidates) =>
        Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(
            new CandidatesGenerated(sessionId, version, "srgnn-test", [.. candidates.Select((id, rank) => new ScoredItem(id, 10f - rank))], ClickTime),
            StreamingJsonContext.Default.CandidatesGenerated));

    // What Ingest would have stored, written directly: this worker only reads sessions.
    private static Task<bool> WriteSessionAsync(IDatabase db, string sessionId, long version, params string[] items) =>
        LiveSessions.StoreAsync(db, sessionId, version, ClickTime, items);

    private static Task ProduceAsync(EmbeddedKafka kafka, string key, string value, CancellationToken ct) =>
        KafkaTopicWriter.ProduceAsync(kafka.BootstrapServers, Topics.Candidates, key, value, ct);
}
