using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streaming.Core.Catalog;
using Streaming.Core.Contracts;
using Streaming.Core.Models;
using Streaming.Messaging;
using Streaming.Testing;
using Streaming.Trainer.Retraining;

namespace Streaming.Trainer.Tests;

/// <summary>The streaming Trainer end to end: clicks on real Kafka (the mock cluster over TCP) to a published, announced version.</summary>
[Collection(LibTorchCollection.Name)]
public sealed class StreamingTrainerTests : IDisposable
{
    private readonly string _registry = Path.Combine(Path.GetTempPath(), "trainer-registry-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_registry))
        {
            Directory.Delete(_registry, recursive: true);
        }
    }

    [Fact]
    public async Task Clicks_on_the_topic_become_a_published_version_announced_on_models()
    {
        var ct = TestContext.Current.CancellationToken;
        var clicks = StreamClicks.Successor(sessions: 240, items: 12, seed: 3);
        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        kafka.CreateTopic(Topics.Clicks, 3);
        kafka.CreateTopic(Topics.Models, 1);
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            foreach (var click in clicks)
            {
                producer.Produce(Topics.Clicks, new Message<string, byte[]> { Key = click.SessionId, Value = ClickEventWriter.Write(click) });
            }

            // Invalid clicks are counted and skipped (Ingest dead-letters them), never trained on.
            producer.Produce(Topics.Clicks, new Message<string, byte[]> { Key = "x", Value = Encoding.UTF8.GetBytes("not json") });
            producer.Produce(Topics.Clicks, new Message<string, byte[]> { Key = "other", Value = ClickEventWriter.Write(clicks[0] with { EventId = "e-key" }) });
            producer.Flush(ct);
        }

        using var host = Build(kafka, new Dictionary<string, string?> { ["Trainer:MinNewClicks"] = clicks.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var rounds = host.Services.Collect(TrainerMetrics.MeterName, TrainerMetrics.RoundsName);
        using var clicksRead = host.Services.Collect(TrainerMetrics.MeterName, TrainerMetrics.ClicksReadName);
        using var invalid = host.Services.Collect(TrainerMetrics.MeterName, TrainerMetrics.ClicksInvalidName);
        await host.StartAsync(ct);
        await Eventually.TrueAsync(() => rounds.Sum() >= 1, "a retraining round", TimeSpan.FromMinutes(3));

        var result = host.Services.GetRequiredService<RetrainingService>().LastResult!;
        Assert.True(result.Outcome == RoundOutcome.Published, $"{result.Outcome} {result.Reason}");
        Assert.Equal("first-version", result.Reason);
        Assert.Equal(clicks.Count, result.Clicks);
        Assert.Equal(240, result.Sessions);
        Assert.Equal(clicks.Count, clicksRead.Sum());
        Assert.Equal([1, 1], [invalid.Sum(("reason", ClickRejection.InvalidJson)), invalid.Sum(("reason", MessageRejection.KeyMismatch))]);

        var announcements = await KafkaTopicReader.ReadAsync(kafka.BootstrapServers, Topics.Models, 1, TimeSpan.FromSeconds(30), ct);
        var message = Assert.Single(announcements);
        Assert.Equal("srgnn", message.Message.Key);
        var published = JsonSerializer.Deserialize(message.Message.Value, StreamingJsonContext.Default.ModelPublished)!;
        var version = new ModelRegistry(_registry).Latest()!;
        Assert.Equal("srgnn", published.Name);
        Assert.Equal("v000001", published.Version);
        Assert.Equal(Path.GetFullPath(Path.Combine(_registry, "v000001")), published.Location);
        Assert.Equal(version.Manifest.ContentHash, published.ContentHash);
        Assert.Empty(version.Verify());

        // The manifest records what was learned from and how the model did on the holdout.
        Assert.Equal("clicks", version.Manifest.Dataset);
        Assert.Equal("temporal:clicks", version.Manifest.DataWindow.Source);
        // The window is what the published model was fitted on: the refit after the gate takes every sample.
        Assert.Equal(result.Refit!.Samples, version.Manifest.DataWindow.Samples);
        Assert.True(result.Refit.Samples > result.TrainSamples + result.HoldoutSamples, $"{result.Refit.Samples} refit samples");
        Assert.Equal(result.Candidate!["MRR@20"], version.Manifest.Metrics["holdout.MRR@20"], 9);
        Assert.Equal(12, ItemCatalog.Load(version.CatalogPath).Count);
        Assert.True(File.Exists(version.PathOf("srgnn.weights")));
        await host.StopAsync(ct);
    }

    [Fact]
    public async Task Without_enough_new_clicks_no_round_runs()
    {
        var ct = TestContext.Current.CancellationToken;
        var clicks = StreamClicks.Successor(sessions: 20, items: 12, seed: 4);
        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        kafka.CreateTopic(Topics.Clicks, 1);
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            foreach (var click in clicks)
            {
                producer.Produce(Topics.Clicks, new Message<string, byte[]> { Key = click.SessionId, Value = ClickEventWriter.Write(click) });
            }

            producer.Flush(ct);
        }

        using var host = Build(kafka, new Dictionary<string, string?> { ["Trainer:MinNewClicks"] = (clicks.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var rounds = host.Services.Collect(TrainerMetrics.MeterName, TrainerMetrics.RoundsName);
        using var clicksRead = host.Services.Collect(TrainerMetrics.MeterName, TrainerMetrics.ClicksReadName);
        await host.StartAsync(ct);
        await Eventually.TrueAsync(() => clicksRead.Sum() == clicks.Count, "every click read");
        await Task.Delay(TimeSpan.FromSeconds(1), ct);

        Assert.Equal(0, rounds.Sum());
        Assert.Empty(new ModelRegistry(_registry).List());
        await host.StopAsync(ct);
    }

    [Fact]
    public async Task A_replay_of_the_same_topics_into_an_empty_trainer_gives_the_same_training_set()
    {
        var ct = TestContext.Current.CancellationToken;
        var clicks = StreamClicks.Successor(sessions: 60, items: 12, seed: 5);
        var intents = FusedRetrainingTests.IntentsOfEvenSessions(clicks);
        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        // Every record twice (a producer's retry), and one for a session with no clicks: neither changes the set.
        Produce(kafka, clicks, intents.Append(intents[0] with { SessionId = "never-clicked" }).SelectMany(r => new[] { r, r }), ct);

        var expected = Round().Summarise(FusedRetrainingTests.Interactions(clicks), IntentSnapshot.From(intents));
        Assert.InRange(expected.TrainSamplesWithIntents, 1, expected.TrainSamples - 1);
        for (var replay = 0; replay < 2; replay++)
        {
            using var host = Build(kafka, new Dictionary<string, string?> { ["Trainer:MinNewClicks"] = "100000000" });
            await host.StartAsync(ct);
            var clickLog = host.Services.GetRequiredService<ClickLog>();
            var intentLog = host.Services.GetRequiredService<IntentLog>();
            await Eventually.TrueAsync(() => clickLog.Count == clicks.Count && intentLog.Count == 2 * (intents.Count + 1), "both topics read");

            var summary = host.Services.GetRequiredService<RetrainingRound>().Summarise(clickLog.Snapshot(), intentLog.Snapshot());

            Assert.Equal(expected, summary);
            await host.StopAsync(ct);
        }
    }

    [Fact]
    public async Task One_round_from_the_topics_publishes_a_fused_version_and_announces_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var clicks = StreamClicks.Successor(sessions: 160, items: 12, seed: 6);
        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        kafka.CreateTopic(Topics.Models, 1);
        Produce(kafka, clicks, FusedRetrainingTests.IntentsOfEvenSessions(clicks), ct);
        var catalog = Path.Combine(_registry + "-titles", "catalog.tsv");
        FusedRetrainingTests.WriteTitleCatalog(catalog);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Trainer:RegistryPath"] = _registry,
            ["Trainer:Epochs"] = "1",
            ["Trainer:Hidden"] = "16",
            ["Trainer:Threads"] = "1",
            ["Trainer:TopK"] = "20",
            ["IntentWorker:CatalogPath"] = catalog,
        });
        builder.AddTrainerRounds();
        using var host = builder.Build();

        var result = await host.Services.GetRequiredService<TopicRound>().RunAsync(null, ct);

        Assert.True(result.Outcome == RoundOutcome.Published, $"{result.Outcome} {result.Reason}");
        Assert.Equal(clicks.Count, result.Clicks);
        Assert.InRange(result.Fused!.TrainIntentShare, 0.3, 0.7);
        var announcements = await KafkaTopicReader.ReadAsync(kafka.BootstrapServers, Topics.Models, 1, TimeSpan.FromSeconds(30), ct);
        var published = JsonSerializer.Deserialize(Assert.Single(announcements).Message.Value, StreamingJsonContext.Default.ModelPublished)!;
        Assert.Equal("dmsrec", published.Name);
        Assert.Equal(result.Published!.Version, published.Version);
        Assert.NotNull(new ModelRegistry(_registry).Latest()!.Manifest.RankerGraph);
        Directory.Delete(Path.GetDirectoryName(catalog)!, recursive: true);
    }

    private static void Produce(EmbeddedKafka kafka, List<ClickEvent> clicks, IEnumerable<LoggedIntents> intents, CancellationToken ct)
    {
        kafka.CreateTopic(Topics.Clicks, 3);
        kafka.CreateTopic(Topics.Intents, 3);
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        foreach (var click in clicks)
        {
            producer.Produce(Topics.Clicks, new Message<string, byte[]> { Key = click.SessionId, Value = ClickEventWriter.Write(click) });
        }

        foreach (var record in intents)
        {
            var inferred = new IntentsInferred(
                record.SessionId, record.Version, record.Provider, record.PromptVersion, record.ExplicitTitles, record.LatentTitles, 0, 1.0, record.ClickTime);
            producer.Produce(Topics.Intents, new Message<string, byte[]> { Key = record.SessionId, Value = JsonSerializer.SerializeToUtf8Bytes(inferred, StreamingJsonContext.Default.IntentsInferred) });
        }

        producer.Flush(ct);
    }

    private RetrainingRound Round() => new(
        Microsoft.Extensions.Options.Options.Create(new TrainerOptions { RegistryPath = _registry }),
        new IntentEncodingProvider(Microsoft.Extensions.Options.Options.Create(new TrainerOptions()), Microsoft.Extensions.Options.Options.Create(new Serving.Embeddings.EncoderOptions())),
        Microsoft.Extensions.Logging.Abstractions.NullLogger<RetrainingRound>.Instance);

    private IHost Build(EmbeddedKafka kafka, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var configuration = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:Settings:fetch.wait.max.ms"] = "10",
            ["Trainer:RegistryPath"] = _registry,
            ["Trainer:MinInterval"] = "00:00:00",
            ["Trainer:CheckInterval"] = "00:00:00.100",
            ["Trainer:Epochs"] = "2",
            ["Trainer:Hidden"] = "16",
            ["Trainer:Threads"] = "1",
            ["Trainer:TopK"] = "20",
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddTrainer();
        return builder.Build();
    }
}
