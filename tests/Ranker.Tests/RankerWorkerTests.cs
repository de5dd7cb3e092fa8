using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Streaming.Core.Catalog;
using Streaming.Core.Contracts;
using Streaming.Core.Graph;
using Streaming.Core.Models;
using Streaming.IntentWorker;
using Streaming.Messaging;
using Streaming.State;
using Streaming.Testing;
using Streaming.Trainer.Models;
using Streaming.Trainer.Native;
using Streaming.Trainer.Registry;
using TorchSharp;

namespace Streaming.Ranker.Tests;

/// <summary>The Ranker worker end to end: a published fused model, live sessions and intent vectors in Redis, real Kafka over TCP.</summary>
[Collection(RedisCollection.Name)]
public sealed class RankerWorkerTests(RedisServers servers) : IDisposable
{
    private const int ItemCount = 40;
    private const int IntentDimension = 6;
    private const int TopN = 10;
    private static readonly DateTimeOffset ClickTime = new(2024, 4, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly string _registry = Directory.CreateTempSubdirectory("ranker-registry-").FullName;

    public void Dispose() => Directory.Delete(_registry, recursive: true);

    [Theory]
    [MemberData(nameof(RedisServers.Kinds), MemberType = typeof(RedisServers))]
    public async Task Candidates_give_the_models_answer_without_intents_and_intents_the_refined_one(string server)
    {
        var ct = TestContext.Current.CancellationToken;
        var (catalog, dmsrec) = PublishModel(withRanker: true);
        using var model = dmsrec!;
        var prefix = RedisServers.UniquePrefix();
        var (a, b, c, d) = ($"{prefix}-a", $"{prefix}-b", $"{prefix}-c", $"{prefix}-d");
        string[] aItems = ["item-03", "item-07", "item-03"];
        string[] bItems = ["item-10", "item-11", "item-12"];
        string[] cItems = ["item-20", "item-21"];
        var db = servers.Connection(server).GetDatabase();
        await StoreSessionAsync(db, a, 3, aItems);
        await StoreSessionAsync(db, b, 4, "item-10", "brand-new", "item-11", "item-12");
        await StoreSessionAsync(db, c, 2, cItems);
        await StoreSessionAsync(db, d, 1, "item-30");
        await using var redis = new RedisConnection(Options.Create(new RedisOptions { Configuration = servers.Endpoint(server) }));
        var store = new IntentStore(redis, Options.Create(new IntentWorkerOptions()));
        // Vectors of another encoder's size: ranked as if there were none, and counted.
        await SaveIntentsAsync(store, c, 2, new IntentVectors(Vector(5, 1), Vector(5, 2), ""), ct);

        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        kafka.CreateTopic(Topics.Candidates, 1);
        kafka.CreateTopic(Topics.Intents, 1);
        kafka.CreateTopic(Topics.Recommendations, 1);
        await ProduceAsync(kafka, Topics.Candidates, "x", "not json", ct);
        foreach (var (session, version) in new[] { (a, 3L), (b, 4L), (c, 2L), ($"{prefix}-gone", 1L) })
        {
            await ProduceAsync(kafka, Topics.Candidates, session, CandidatesJson(session, version, "v000001", 5), ct);
        }

        using var host = Build(kafka, server);
        using var counters = new RankerCounters(host.Services);
        await host.StartAsync(ct);
        await Eventually.TrueAsync(
            () => counters.IssuedOf("initial") == 3 && counters.SkippedFor("session-missing") == 1,
            "three initial answers, the expired session skipped");
        Assert.Equal(1, counters.IntentsIgnored.Sum(("reason", "dimension")));

        var initial = await ReadRecommendationsAsync(kafka, 3, ct);
        foreach (var (session, version, items) in new[] { (a, 3L, aItems), (b, 4L, bItems), (c, 2L, cItems) })
        {
            var issued = initial[session];
            Assert.Equal(version, issued.SessionVersion);
            Assert.Equal("v000001", issued.ModelVersion);
            Assert.Null(issued.IntentsVersion);
            Assert.Equal(ClickTime, issued.ClickTime);
            AssertSameRanking(Expected(model, catalog, items, null, null), issued);
        }

        var dead = await KafkaTopicReader.ReadAsync(kafka.BootstrapServers, Topics.DeadLetter(Topics.Candidates), 1, TimeSpan.FromSeconds(20), ct);
        Assert.Equal("not json", Encoding.UTF8.GetString(dead.Single().Message.Value));

        // Fresh intents: a has both groups; b's LLM named no latent intent, so its latent vector is a copy of the explicit one,
        // which the model (trained with the default "learned" rule) does not see; d has none stored at all.
        var aVectors = new IntentVectors(Vector(IntentDimension, 3), Vector(IntentDimension, 4), "");
        var bExplicit = Vector(IntentDimension, 5);
        await SaveIntentsAsync(store, a, 3, aVectors, ct);
        await SaveIntentsAsync(store, b, 4, new IntentVectors(bExplicit, (float[])bExplicit.Clone(), "latent"), ct);
        foreach (var (session, version) in new[] { (a, 3L), (b, 4L), (d, 1L) })
        {
            await ProduceAsync(kafka, Topics.Intents, session, IntentsJson(session, version), ct);
        }

        await Eventually.TrueAsync(
            () => counters.IssuedOf("refined") == 2 && counters.SkippedFor("no-intents") == 1,
            "two refined answers, the session without stored intents skipped");
        var refined = await ReadRecommendationsAsync(kafka, 5, ct);
        var aRefined = refined[a];
        var bRefined = refined[b];
        Assert.Equal(3, aRefined.IntentsVersion);
        Assert.Equal(4, bRefined.IntentsVersion);
        Assert.Equal(3, aRefined.SessionVersion);
        AssertSameRanking(Expected(model, catalog, aItems, aVectors.Explicit, aVectors.Latent), aRefined);
        AssertSameRanking(Expected(model, catalog, bItems, bExplicit, null), bRefined);
        Assert.NotEqual(Scores(initial[a]), Scores(aRefined));
        Assert.NotEqual(Scores(initial[b]), Scores(bRefined));
        Assert.Equal(3, counters.IssuedOf("initial"));
        Assert.Equal(0, counters.IssuedOf("fallback"));
        await host.StopAsync(ct);
    }

    [Fact]
    public async Task A_version_without_a_ranker_passes_the_candidate_list_on()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, dmsrec) = PublishModel(withRanker: false);
        Assert.Null(dmsrec);
        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        kafka.CreateTopic(Topics.Candidates, 1);
        kafka.CreateTopic(Topics.Intents, 1);
        var candidates = CandidatesJson("s", 7, "v000001", 30);
        await ProduceAsync(kafka, Topics.Candidates, "s", candidates, ct);
        await ProduceAsync(kafka, Topics.Intents, "t", IntentsJson("t", 2), ct);

        using var host = Build(kafka, RedisServers.Garnet);
        using var counters = new RankerCounters(host.Services);
        await host.StartAsync(ct);
        await Eventually.TrueAsync(
            () => counters.IssuedOf("fallback") == 1 && counters.SkippedFor("no-ranker") == 1,
            "the list passed on, the intents event skipped");

        var issued = (await ReadRecommendationsAsync(kafka, 1, ct))["s"];
        var list = JsonSerializer.Deserialize(candidates, StreamingJsonContext.Default.CandidatesGenerated)!;
        Assert.Equal(list.Candidates.Take(TopN), issued.Items);
        Assert.Null(issued.IntentsVersion);
        Assert.Equal(7, issued.SessionVersion);
        Assert.Equal(ClickTime, issued.ClickTime);
        Assert.Equal(1, counters.Fallback.Sum(("reason", "no-ranker")));
        await host.StopAsync(ct);
    }

    [Fact]
    public async Task Without_a_model_events_are_consumed_and_counted_as_skipped()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        kafka.CreateTopic(Topics.Candidates, 1);
        kafka.CreateTopic(Topics.Intents, 1);
        await ProduceAsync(kafka, Topics.Candidates, "s", CandidatesJson("s", 1, "v000001", 5), ct);
        await ProduceAsync(kafka, Topics.Intents, "t", IntentsJson("t", 1), ct);

        using var host = Build(kafka, RedisServers.Garnet, registry: Path.Combine(_registry, "empty"));
        using var counters = new RankerCounters(host.Services);
        await host.StartAsync(ct);
        await Eventually.TrueAsync(() => counters.SkippedFor("no-model") == 2, "both events skipped for want of a model");

        Assert.Equal(0, counters.Issued.Sum());
        await host.StopAsync(ct);
    }

    [Theory]
    [InlineData(null, "learned", false)]
    [InlineData(null, "copy", true)]
    [InlineData("copy", "learned", true)]
    [InlineData("learned", "copy", false)]
    public async Task The_empty_group_rule_a_version_was_trained_with_wins_over_the_setting(string? trainedWith, string setting, bool copies)
    {
        using var dmsrec = PublishModel(withRanker: true, trainedWith).Ranker;
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var metrics = new RankerMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        using var model = new RankerModel(
            Options.Create(new RankerOptions { RegistryPath = _registry, EmptyIntentGroup = setting }), metrics, Microsoft.Extensions.Logging.Abstractions.NullLogger<RankerModel>.Instance);
        await model.WarmUpAsync(TestContext.Current.CancellationToken);

        Assert.Equal(copies, model.Current!.CopyEmptyGroup);
    }

    [Fact]
    public async Task Announced_fused_versions_are_swapped_in_and_srgnn_only_ones_keep_the_newest_ranker()
    {
        var ct = TestContext.Current.CancellationToken;
        var (catalog, first) = PublishModel(withRanker: true);
        using var v1 = first!;
        var db = servers.Connection(RedisServers.Garnet).GetDatabase();
        var prefix = RedisServers.UniquePrefix();
        string[] items = ["item-03", "item-07", "item-09"];
        var sessions = new[] { $"{prefix}-a", $"{prefix}-b", $"{prefix}-c", $"{prefix}-d" };
        foreach (var session in sessions)
        {
            await StoreSessionAsync(db, session, 1, items);
        }

        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        foreach (var topic in new[] { Topics.Candidates, Topics.Intents, Topics.Recommendations, Topics.Models })
        {
            kafka.CreateTopic(topic, 1);
        }

        using var host = Build(kafka, RedisServers.Garnet);
        using var counters = new RankerCounters(host.Services);
        await host.StartAsync(ct);
        await ProduceAsync(kafka, Topics.Candidates, sessions[0], CandidatesJson(sessions[0], 1, "v000001", 5), ct);
        await Eventually.TrueAsync(() => counters.IssuedOf("initial") == 1, "the first answer");

        // v000002: another fused model, announced; v000003: SR-GNN only, announced.
        var (_, second) = PublishModel(withRanker: true, seed: 8);
        using var v2 = second!;
        await AnnounceAsync(kafka, "v000002", ct);
        await Eventually.TrueAsync(() => counters.Swaps.Sum() == 2, "v000002 swapped in");
        await ProduceAsync(kafka, Topics.Candidates, sessions[1], CandidatesJson(sessions[1], 1, "v000002", 5), ct);
        PublishModel(withRanker: false, seed: 9);
        await AnnounceAsync(kafka, "v000003", ct);
        await Eventually.TrueAsync(() => counters.SwapSkipped.Sum(("reason", "no-ranker")) == 1, "v000003 not swapped in");
        await ProduceAsync(kafka, Topics.Candidates, sessions[2], CandidatesJson(sessions[2], 1, "v000003", 5), ct);
        await Eventually.TrueAsync(() => counters.IssuedOf("initial") == 3, "three answers");

        // v000004: a fused model published by hand without an announcement; v000005: SR-GNN only, announced.
        var (_, fourth) = PublishModel(withRanker: true, seed: 10);
        using var v4 = fourth!;
        PublishModel(withRanker: false, seed: 11);
        await AnnounceAsync(kafka, "v000005", ct);
        await Eventually.TrueAsync(() => counters.Swaps.Sum() == 3, "v000004 swapped in on v000005's announcement");
        await ProduceAsync(kafka, Topics.Candidates, sessions[3], CandidatesJson(sessions[3], 1, "v000005", 5), ct);
        await Eventually.TrueAsync(() => counters.IssuedOf("initial") == 4, "four answers");

        var answers = await ReadRecommendationsAsync(kafka, 4, ct);
        Assert.Equal(["v000001", "v000002", "v000002", "v000004"], sessions.Select(s => answers[s].ModelVersion));
        AssertSameRanking(Expected(v4, catalog, items, null, null), answers[sessions[3]]);
        AssertSameRanking(Expected(v1, catalog, items, null, null), answers[sessions[0]]);
        AssertSameRanking(Expected(v2, catalog, items, null, null), answers[sessions[1]]);
        Assert.NotEqual(Scores(answers[sessions[0]]), Scores(answers[sessions[1]]));
        Assert.Equal(0, counters.IssuedOf("fallback"));
        await host.StopAsync(ct);
    }

    // The model's own top-N, computed in TorchSharp on the training graph of the known clicks; null intents take the "no intent" input.
    private static List<ScoredItem> Expected(DmsRec model, ItemCatalog catalog, string[] items, float[]? explicitVector, float[]? latentVector)
    {
        using var noGrad = torch.no_grad();
        var graph = new SessionGraphBuilder().Build(catalog.Encode(items));
        using var sessions = SessionTensors.From(SessionGraphBatch.Pack([graph], SessionGraphLayout.Both));
        using var intents = new IntentTensors(
            explicitVector ?? new float[IntentDimension],
            latentVector ?? new float[IntentDimension],
            [explicitVector is null ? 0f : 1f],
            [latentVector is null ? 0f : 1f],
            batchSize: 1,
            IntentDimension);
        var (scores, alignment) = model.forward(sessions, intents);
        using (scores)
        using (alignment)
        {
            var all = scores.data<float>().ToArray();
            return Enumerable.Range(0, all.Length)
                .OrderByDescending(column => all[column])
                .Take(TopN)
                .Select(column => new ScoredItem(catalog[column + 1].ExternalId, all[column]))
                .ToList();
        }
    }

    private static void AssertSameRanking(List<ScoredItem> expected, RecommendationsIssued issued)
    {
        Assert.Equal(expected.Select(i => i.ItemId), issued.Items.Select(i => i.ItemId));
        var worst = expected.Zip(issued.Items, (e, a) => Math.Abs(e.Score - a.Score)).Max();
        Assert.True(worst <= 1e-4f, $"scores differ from the model's by up to {worst}");
    }

    private static float[] Scores(RecommendationsIssued issued) => [.. issued.Items.Select(i => i.Score)];

    private (ItemCatalog Catalog, DmsRec? Ranker) PublishModel(bool withRanker, string? emptyIntentGroup = null, int seed = 7)
    {
        TorchRuntime.Initialise(threads: 1);
        torch.manual_seed(seed);
        using var srgnn = new SrGnn(ItemCount, hidden: 8);
        var dmsrec = withRanker ? new DmsRec(ItemCount, hidden: 8, IntentDimension, projectionDropoutRate: 0.2) : null;
        dmsrec?.eval();
        var catalog = ItemCatalog.Build(Enumerable.Range(1, ItemCount).Select(i => "item-" + i.ToString("D2", CultureInfo.InvariantCulture)));
        ModelPublisher.Publish(new ModelRegistry(_registry), new ModelPublication
        {
            Dataset = "toy",
            Catalog = catalog,
            DataWindow = new DataWindow("toy"),
            CandidateModel = srgnn,
            Ranker = dmsrec,
            TopK = 20,
            HyperParameters = emptyIntentGroup is null
                ? new Dictionary<string, string>()
                : new Dictionary<string, string> { [InferenceGraph.EmptyIntentGroupParameter] = emptyIntentGroup },
        });
        return (catalog, dmsrec);
    }

    private IHost Build(EmbeddedKafka kafka, string server, string? registry = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Redis:Configuration"] = servers.Endpoint(server),
            ["Ranker:RegistryPath"] = registry ?? _registry,
            ["Ranker:TopN"] = TopN.ToString(CultureInfo.InvariantCulture),
        });
        builder.AddRanker();
        return builder.Build();
    }

    // Large components, so the intents move the ranking visibly.
    private static float[] Vector(int dimension, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, dimension).Select(_ => (float)((random.NextDouble() * 6) - 3))];
    }

    private static Task<bool> StoreSessionAsync(IDatabase db, string sessionId, long version, params string[] items) =>
        LiveSessions.StoreAsync(db, sessionId, version, ClickTime, items);

    private static Task<bool> SaveIntentsAsync(IntentStore store, string sessionId, long version, IntentVectors vectors, CancellationToken ct) =>
        store.SaveAsync(sessionId, version, vectors, "catalog", "v1", ["item-01"], ["item-02"], ct);

    private static string CandidatesJson(string sessionId, long version, string modelVersion, int count)
    {
        var items = Enumerable.Range(1, count).Select(i => new ScoredItem("item-" + i.ToString("D2", CultureInfo.InvariantCulture), 10f - (i * 0.25f))).ToList();
        return JsonSerializer.Serialize(new CandidatesGenerated(sessionId, version, modelVersion, items, ClickTime), StreamingJsonContext.Default.CandidatesGenerated);
    }

    private static string IntentsJson(string sessionId, long version) =>
        JsonSerializer.Serialize(new IntentsInferred(sessionId, version, "catalog", "v1", ["a title"], ["another title"], 0, 1.5, ClickTime), StreamingJsonContext.Default.IntentsInferred);

    private static async Task<Dictionary<string, RecommendationsIssued>> ReadRecommendationsAsync(EmbeddedKafka kafka, int count, CancellationToken ct)
    {
        var messages = await KafkaTopicReader.ReadAsync(kafka.BootstrapServers, Topics.Recommendations, count, TimeSpan.FromSeconds(20), ct);
        Assert.Equal(count, messages.Count);
        var latest = new Dictionary<string, RecommendationsIssued>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            var issued = JsonSerializer.Deserialize(message.Message.Value, StreamingJsonContext.Default.RecommendationsIssued)!;
            Assert.Equal(issued.SessionId, message.Message.Key);
            latest[issued.SessionId] = issued;
        }

        return latest;
    }

    private Task AnnounceAsync(EmbeddedKafka kafka, string version, CancellationToken ct)
    {
        var published = new ModelRegistry(_registry).Get(version);
        var announcement = new ModelPublished(published.Manifest.Model, version, published.Directory, published.Manifest.ContentHash, DateTimeOffset.UtcNow);
        return ProduceAsync(kafka, Topics.Models, announcement.Name, JsonSerializer.Serialize(announcement, StreamingJsonContext.Default.ModelPublished), ct);
    }

    private static Task ProduceAsync(EmbeddedKafka kafka, string topic, string key, string value, CancellationToken ct) =>
        KafkaTopicWriter.ProduceAsync(kafka.BootstrapServers, topic, key, value, ct);
}
