using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Streaming.Core.Catalog;
using Streaming.Core.Contracts;
using Streaming.Core.Graph;
using Streaming.Core.Models;
using Streaming.Messaging;
using Streaming.Serving;
using Streaming.Testing;
using Streaming.Trainer.Models;
using Streaming.Trainer.Native;
using Streaming.Trainer.Registry;
using TorchSharp;

namespace Streaming.Candidates.Tests;

/// <summary>The Candidates worker end to end: a published model, live sessions in Redis, real Kafka over TCP.</summary>
[Collection(RedisCollection.Name)]
public sealed class CandidatesWorkerTests(RedisServers servers) : IDisposable
{
    private static readonly DateTimeOffset ClickTime = new(2024, 4, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly string _registry = Directory.CreateTempSubdirectory("candidates-registry-").FullName;

    public void Dispose() => Directory.Delete(_registry, recursive: true);

    [Theory]
    [MemberData(nameof(RedisServers.Kinds), MemberType = typeof(RedisServers))]
    public async Task Session_updates_become_the_models_top_K_of_the_live_session(string server)
    {
        var ct = TestContext.Current.CancellationToken;
        var catalog = PublishModel();
        var prefix = RedisServers.UniquePrefix();
        var db = servers.Connection(server).GetDatabase();
        await StoreAsync(db, $"{prefix}-a", 3, "item-03", "item-07", "item-03");
        await StoreAsync(db, $"{prefix}-b", 4, "item-10", "brand-new", "item-11", "item-12");
        await StoreAsync(db, $"{prefix}-c", 1, "brand-new");
        await StoreAsync(db, $"{prefix}-d", 5, "item-01", "item-02");

        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        kafka.CreateTopic(Topics.SessionUpdates, 2);
        await ProduceAsync(kafka, $"{prefix}-a", Update($"{prefix}-a", 3), ct);
        await ProduceAsync(kafka, $"{prefix}-b", Update($"{prefix}-b", 4), ct);
        await ProduceAsync(kafka, $"{prefix}-c", Update($"{prefix}-c", 1), ct);
        await ProduceAsync(kafka, $"{prefix}-gone", Update($"{prefix}-gone", 1), ct);
        // Superseded: the live session is at version 5, whose own update answers it.
        await ProduceAsync(kafka, $"{prefix}-d", Update($"{prefix}-d", 4), ct);
        await ProduceAsync(kafka, "x", "not json", ct);

        using var host = Build(kafka, server);
        using var generated = host.Services.Collect(CandidatesMetrics.MeterName, CandidatesMetrics.GeneratedName);
        using var skipped = host.Services.Collect(CandidatesMetrics.MeterName, CandidatesMetrics.SkippedName);
        await host.StartAsync(ct);
        await Eventually.TrueAsync(() => generated.Sum() == 2 && skipped.Sum() == 3, "two lists generated, three updates skipped");
        Assert.Equal([1, 1, 1], [skipped.Sum(("reason", SkipReasons.Superseded)), skipped.Sum(("reason", SkipReasons.NoKnownItems)), skipped.Sum(("reason", SkipReasons.SessionMissing))]);

        var published = (await KafkaTopicReader.ReadAsync(kafka.BootstrapServers, Topics.Candidates, 2, TimeSpan.FromSeconds(20), ct))
            .Select(m => JsonSerializer.Deserialize(m.Message.Value, StreamingJsonContext.Default.CandidatesGenerated)!)
            .ToDictionary(c => c.SessionId);
        using var generator = OnnxCandidateGenerator.Load(new ModelRegistry(_registry).Latest()!.CandidateGraphPath);
        foreach (var (session, version, items) in new[]
                 {
                     ($"{prefix}-a", 3L, new[] { "item-03", "item-07", "item-03" }),
                     ($"{prefix}-b", 4L, new[] { "item-10", "item-11", "item-12" }),
                 })
        {
            var candidates = published[session];
            Assert.Equal(version, candidates.SessionVersion);
            Assert.Equal("v000001", candidates.ModelVersion);
            Assert.Equal(ClickTime, candidates.ClickTime);
            Assert.Equal(10, candidates.Candidates.Count);

            // The same answer as running the model directly on the training graph of the known clicks.
            var graph = new SessionGraphBuilder().Build(catalog.Encode(items));
            var expected = generator.Generate(SessionGraphBatch.Pack([graph], generator.Layout)).ItemsOf(0)[..10].ToArray();
            Assert.Equal(expected.Select(i => catalog[i].ExternalId), candidates.Candidates.Select(c => c.ItemId));
        }

        var dead = await KafkaTopicReader.ReadAsync(kafka.BootstrapServers, Topics.DeadLetter(Topics.SessionUpdates), 1, TimeSpan.FromSeconds(20), ct);
        Assert.Equal("not json", Encoding.UTF8.GetString(dead.Single().Message.Value));
        await host.StopAsync(ct);
    }

    [Theory]
    [MemberData(nameof(RedisServers.Kinds), MemberType = typeof(RedisServers))]
    public async Task A_worker_restarted_over_the_same_updates_publishes_no_session_version_twice(string server)
    {
        var ct = TestContext.Current.CancellationToken;
        PublishModel();
        var prefix = RedisServers.UniquePrefix();
        var db = servers.Connection(server).GetDatabase();
        var sessions = Enumerable.Range(0, 6).Select(i => $"{prefix}-{i}").ToArray();
        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        kafka.CreateTopic(Topics.SessionUpdates, 2);
        foreach (var session in sessions)
        {
            await StoreAsync(db, session, 2, "item-01", "item-02");
            await ProduceAsync(kafka, session, Update(session, 1), ct);
            await ProduceAsync(kafka, session, Update(session, 2), ct);
        }

        var updates = 2 * sessions.Length;
        using (var first = Build(kafka, server, group: "candidates-first"))
        {
            using var generated = first.Services.Collect(CandidatesMetrics.MeterName, CandidatesMetrics.GeneratedName);
            using var skipped = first.Services.Collect(CandidatesMetrics.MeterName, CandidatesMetrics.SkippedName);
            await first.StartAsync(ct);
            await Eventually.TrueAsync(() => generated.Sum() + skipped.Sum() == updates, "the first run handled every update");
            await first.StopAsync(ct);
        }

        // A restart whose offsets were lost (killed before the commit): a new group reads every update again.
        using var second = Build(kafka, server, group: "candidates-second");
        using var generatedAgain = second.Services.Collect(CandidatesMetrics.MeterName, CandidatesMetrics.GeneratedName);
        using var skippedAgain = second.Services.Collect(CandidatesMetrics.MeterName, CandidatesMetrics.SkippedName);
        await second.StartAsync(ct);
        await Eventually.TrueAsync(() => skippedAgain.Sum() == updates, "the restarted worker skipped every update");

        Assert.Equal(0, generatedAgain.Sum());
        // Each session's newest update is answered already; its older one is coalesced in the batch of the newer one
        // or superseded (the live session is newer): no update is scored again.
        Assert.Equal(sessions.Length, skippedAgain.Sum(("reason", SkipReasons.Answered)));
        Assert.Equal(updates - sessions.Length, skippedAgain.Sum(("reason", SkipReasons.Coalesced)) + skippedAgain.Sum(("reason", SkipReasons.Superseded)));
        var published = await KafkaTopicReader.ReadAsync(kafka.BootstrapServers, Topics.Candidates, sessions.Length + 1, TimeSpan.FromSeconds(3), ct);
        var lists = published.Select(m => JsonSerializer.Deserialize(m.Message.Value, StreamingJsonContext.Default.CandidatesGenerated)!).ToList();
        Assert.Equal(sessions.Order(), lists.Select(l => l.SessionId).Order());
        Assert.All(lists, l => Assert.Equal(2, l.SessionVersion));
        await second.StopAsync(ct);
    }

    [Fact]
    public async Task Without_a_model_updates_are_consumed_and_counted_as_skipped()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        kafka.CreateTopic(Topics.SessionUpdates, 1);
        await ProduceAsync(kafka, "s", Update("s", 1), ct);

        using var host = Build(kafka, RedisServers.Garnet, registry: Path.Combine(_registry, "empty"));
        using var generated = host.Services.Collect(CandidatesMetrics.MeterName, CandidatesMetrics.GeneratedName);
        using var skipped = host.Services.Collect(CandidatesMetrics.MeterName, CandidatesMetrics.SkippedName);
        await host.StartAsync(ct);
        await Eventually.TrueAsync(() => skipped.Sum(("reason", SkipReasons.NoModel)) == 1, "the update skipped for want of a model");

        Assert.Equal(0, generated.Sum());
        await host.StopAsync(ct);
    }

    private ItemCatalog PublishModel()
    {
        TorchRuntime.Initialise(threads: 1);
        torch.manual_seed(5);
        using var srgnn = new SrGnn(itemCount: 40, hidden: 8);
        var catalog = ItemCatalog.Build(Enumerable.Range(1, 40).Select(i => "item-" + i.ToString("D2", CultureInfo.InvariantCulture)));
        ModelPublisher.Publish(new ModelRegistry(_registry), new ModelPublication
        {
            Dataset = "toy",
            Catalog = catalog,
            DataWindow = new DataWindow("toy"),
            CandidateModel = srgnn,
            TopK = 20,
        });
        return catalog;
    }

    private IHost Build(EmbeddedKafka kafka, string server, string? registry = null, string group = "candidates")
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Redis:Configuration"] = servers.Endpoint(server),
            ["Candidates:RegistryPath"] = registry ?? _registry,
            ["Candidates:TopK"] = "10",
            ["Candidates:ConsumerGroup"] = group,
        });
        builder.AddCandidates();
        return builder.Build();
    }

    private static Task<bool> StoreAsync(IDatabase db, string sessionId, long version, params string[] items) =>
        LiveSessions.StoreAsync(db, sessionId, version, ClickTime, items);

    private static string Update(string sessionId, long version) =>
        JsonSerializer.Serialize(new SessionUpdated(sessionId, version, ClickTime, 3), StreamingJsonContext.Default.SessionUpdated);

    private static Task ProduceAsync(EmbeddedKafka kafka, string key, string value, CancellationToken ct) =>
        KafkaTopicWriter.ProduceAsync(kafka.BootstrapServers, Topics.SessionUpdates, key, value, ct);
}
