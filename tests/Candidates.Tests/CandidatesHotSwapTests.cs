using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Streaming.Core.Catalog;
using Streaming.Core.Contracts;
using Streaming.Core.Graph;
using Streaming.Core.Models;
using Streaming.Messaging;
using Streaming.ServiceDefaults;
using Streaming.Serving;
using Streaming.State;
using Streaming.Testing;
using Streaming.Trainer.Models;
using Streaming.Trainer.Native;
using Streaming.Trainer.Registry;
using TorchSharp;

namespace Streaming.Candidates.Tests;

/// <summary>A version announced on <c>models</c> replaces the served one while session updates keep flowing.</summary>
[Collection(RedisCollection.Name)]
public sealed class CandidatesHotSwapTests(RedisServers servers) : IDisposable
{
    private const int Items = 40;
    private static readonly DateTimeOffset ClickTime = new(2024, 4, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly string _registry = Directory.CreateTempSubdirectory("candidates-swap-").FullName;
    private readonly ItemCatalog _catalog = ItemCatalog.Build(Enumerable.Range(1, Items).Select(i => "item-" + i.ToString("D2", CultureInfo.InvariantCulture)));

    public void Dispose() => Directory.Delete(_registry, recursive: true);

    [Fact]
    public async Task An_announced_version_is_swapped_in_without_losing_a_session_update()
    {
        var ct = TestContext.Current.CancellationToken;
        Publish(seed: 5);
        var prefix = RedisServers.UniquePrefix();
        var db = servers.Connection(RedisServers.Garnet).GetDatabase();
        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        kafka.CreateTopic(Topics.SessionUpdates, 2);
        kafka.CreateTopic(Topics.Models, 1);
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, LingerMs = 1 }).Build();

        using var host = Build(kafka);
        using var generated = host.Services.Collect(CandidatesMetrics.MeterName, CandidatesMetrics.GeneratedName);
        using var skipped = host.Services.Collect(CandidatesMetrics.MeterName, CandidatesMetrics.SkippedName);
        using var swaps = host.Services.Collect(CandidatesMetrics.MeterName, CandidatesMetrics.SwapsName);
        await host.StartAsync(ct);
        var model = host.Services.GetRequiredService<CandidateModel>();
        var random = new Random(1);
        var sent = 0;

        async Task SendAsync(int count)
        {
            for (var i = 0; i < count; i++, sent++)
            {
                var session = $"{prefix}-{sent}";
                var items = Enumerable.Range(0, 3).Select(_ => _catalog[random.Next(1, Items + 1)].ExternalId).ToArray();
                await LiveSessions.StoreAsync(db, session, 1, ClickTime, items);
                var update = JsonSerializer.SerializeToUtf8Bytes(new SessionUpdated(session, 1, ClickTime, 3), StreamingJsonContext.Default.SessionUpdated);
                producer.Produce(Topics.SessionUpdates, new Message<string, byte[]> { Key = session, Value = update });
                if (i % 10 == 9)
                {
                    // A steady stream, so batches are in flight when the swap happens.
                    await Task.Delay(5, ct);
                }
            }
        }

        await SendAsync(150);
        // Every update sent so far is answered before the announcement (waiting for only some of them let the rest be
        // answered by v000002 on a slow machine, and the test failed for it).
        await Eventually.TrueAsync(() => generated.Sum() >= sent, $"all {sent} lists from v000001", TimeSpan.FromSeconds(60));
        var beforeSwap = sent;
        var v2 = Publish(seed: 6);
        var announcement = new ModelPublished("srgnn", v2.Version, v2.Directory, v2.Manifest.ContentHash, DateTimeOffset.UtcNow);
        producer.Produce(Topics.Models, new Message<string, byte[]> { Key = "srgnn", Value = JsonSerializer.SerializeToUtf8Bytes(announcement, StreamingJsonContext.Default.ModelPublished) });

        // Updates keep coming while the new session is built and swapped in.
        var swapping = SendAsync(200);
        await Eventually.TrueAsync(() => model.CurrentVersion == "v000002", "v000002 in service", TimeSpan.FromSeconds(30));
        await swapping;
        var afterSwap = sent;
        await SendAsync(100);
        producer.Flush(ct);
        await Eventually.TrueAsync(() => generated.Sum() + skipped.Sum() >= sent, $"all {sent} updates handled", TimeSpan.FromSeconds(60));

        var lists = (await KafkaTopicReader.ReadAsync(kafka.BootstrapServers, Topics.Candidates, sent, TimeSpan.FromSeconds(30), ct))
            .Select(m => JsonSerializer.Deserialize(m.Message.Value, StreamingJsonContext.Default.CandidatesGenerated)!)
            .ToList();
        Assert.Equal(0, skipped.Sum());
        Assert.Equal(sent, lists.Count);
        Assert.Equal(sent, lists.Select(l => l.SessionId).Distinct().Count());
        Assert.Equal(2, swaps.Sum());

        int Number(CandidatesGenerated list) => int.Parse(list.SessionId[(prefix.Length + 1)..], CultureInfo.InvariantCulture);
        Assert.All(lists.Where(l => Number(l) < beforeSwap), l => Assert.Equal("v000001", l.ModelVersion));
        Assert.All(lists.Where(l => Number(l) >= afterSwap), l => Assert.Equal("v000002", l.ModelVersion));

        // Each list is the answer of the version it names (the two versions disagree on these sessions).
        using var first = OnnxCandidateGenerator.Load(new ModelRegistry(_registry).Get("v000001").CandidateGraphPath);
        using var second = OnnxCandidateGenerator.Load(new ModelRegistry(_registry).Get("v000002").CandidateGraphPath);
        var disagreements = 0;
        foreach (var list in lists.Where((_, i) => i % 7 == 0))
        {
            var live = LiveSessionCodec.Decode((byte[])(await db.StringGetAsync(RedisKeys.Session(list.SessionId)))!)!;
            var graph = new SessionGraphBuilder().Build(live.ToModelClicks(_catalog));
            var byFirst = Top(first, graph);
            var bySecond = Top(second, graph);
            disagreements += byFirst.SequenceEqual(bySecond) ? 0 : 1;
            Assert.Equal(list.ModelVersion == "v000001" ? byFirst : bySecond, list.Candidates.Select(c => c.ItemId));
        }

        Assert.True(disagreements > 0, "the two versions must rank differently for the check to mean anything");
        await host.StopAsync(ct);
    }

    [Fact]
    public async Task An_announcement_whose_content_hash_differs_from_the_registry_is_not_swapped_in()
    {
        var ct = TestContext.Current.CancellationToken;
        Publish(seed: 5);
        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        kafka.CreateTopic(Topics.SessionUpdates, 1);
        kafka.CreateTopic(Topics.Models, 1);
        using var host = Build(kafka);
        var model = host.Services.GetRequiredService<CandidateModel>();
        Assert.Equal(HealthStatus.Unhealthy, (await Readiness.CheckAsync(host.Services, ct)).Status);
        Assert.Null(model.CurrentVersion);
        using var swaps = host.Services.Collect(CandidatesMetrics.MeterName, CandidatesMetrics.SwapsName);
        using var swapFailed = host.Services.Collect(CandidatesMetrics.MeterName, CandidatesMetrics.SwapFailedName);
        await host.StartAsync(ct);

        // Ready means the first version is in service, before any message asked for it.
        await Readiness.WaitAsync(host.Services, ct);
        Assert.Equal("v000001", model.CurrentVersion);

        var v2 = Publish(seed: 6);
        var v3 = Publish(seed: 7);
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        foreach (var announcement in new[]
                 {
                     new ModelPublished("srgnn", v2.Version, v2.Directory, "not-its-hash", DateTimeOffset.UtcNow),
                     new ModelPublished("srgnn", v3.Version, v3.Directory, v3.Manifest.ContentHash, DateTimeOffset.UtcNow),
                 })
        {
            await producer.ProduceAsync(Topics.Models, new Message<string, byte[]> { Key = "srgnn", Value = JsonSerializer.SerializeToUtf8Bytes(announcement, StreamingJsonContext.Default.ModelPublished) }, ct);
        }

        // The swap is counted just after it happens: wait for both, then check nothing else was swapped in.
        await Eventually.TrueAsync(() => model.CurrentVersion == "v000003" && swaps.Sum() >= 2, "v000003 in service");
        Assert.Equal(2, swaps.Sum());
        Assert.Equal(1, swapFailed.Sum(("reason", "content-hash-mismatch")));
        await host.StopAsync(ct);
    }

    private static string[] Top(OnnxCandidateGenerator generator, SessionGraph graph) =>
        [.. generator.Generate(SessionGraphBatch.Pack([graph], generator.Layout)).ItemsOf(0)[..10].ToArray().Select(i => "item-" + i.ToString("D2", CultureInfo.InvariantCulture))];

    private ModelVersion Publish(int seed)
    {
        TorchRuntime.Initialise(threads: 1);
        torch.manual_seed(seed);
        using var srgnn = new SrGnn(itemCount: Items, hidden: 8);
        return ModelPublisher.Publish(new ModelRegistry(_registry), new ModelPublication
        {
            Dataset = "toy",
            Catalog = _catalog,
            DataWindow = new DataWindow("toy"),
            CandidateModel = srgnn,
            TopK = 20,
        });
    }

    private IHost Build(EmbeddedKafka kafka)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:Settings:fetch.wait.max.ms"] = "10",
            ["Redis:Configuration"] = servers.Endpoint(RedisServers.Garnet),
            ["Candidates:RegistryPath"] = _registry,
            ["Candidates:TopK"] = "10",
        });
        builder.AddCandidates();
        return builder.Build();
    }
}
