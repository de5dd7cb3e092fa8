using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streaming.Core.Contracts;
using Streaming.Evaluator.Dashboard;
using Streaming.Messaging;
using Streaming.Testing;

namespace Streaming.Evaluator.Tests;

/// <summary>The evaluator worker over real Kafka (the librdkafka mock cluster over TCP), with its HTTP API.</summary>
public sealed class EvaluatorWorkerTests
{
    [Fact]
    public async Task Answers_on_the_topics_are_scored_against_the_next_click_per_kind_and_served_over_http()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        foreach (var topic in new[] { Topics.Clicks, Topics.SessionUpdates, Topics.Candidates, Topics.Intents, Topics.Recommendations })
        {
            kafka.CreateTopic(topic, 2);
        }

        var clickTime = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var messages = new PipelineMessages(kafka.BootstrapServers);
        // Unreadable input is counted and skipped, never stops the loop.
        await messages.RawAsync(Topics.Recommendations, "a", "not json", ct);
        await messages.RawAsync(Topics.Candidates, "a", "{}", ct);
        await messages.UpdateAsync("a", 1, "i1", clickTime, ct);
        await messages.CandidatesAsync("a", 1, "v000001", ["i2", "i3"], clickTime, ct);
        await messages.RecommendationsAsync("a", 1, "v000002", ["i3", "i2"], intentsVersion: null, clickTime, ct);
        await messages.IntentsAsync("a", 1, clickTime, ct);
        await messages.RecommendationsAsync("a", 1, "v000002", ["i2"], intentsVersion: 1, clickTime, ct);
        await messages.CandidatesAsync("quiet", 1, "v000001", ["i9"], clickTime, ct);
        await messages.UpdateAsync("a", 2, "i2", clickTime.AddSeconds(1), ct);

        using var host = Build(kafka.BootstrapServers);
        await host.StartAsync(ct);
        var evaluator = host.Services.GetRequiredService<PrequentialEvaluator>();
        await Eventually.TrueAsync(() => evaluator.Outcomes(AnswerOutcome.Scored) == 3, "three answers scored");

        Assert.Equal(1, evaluator.Pending);
        Assert.Equal(100, evaluator.Accuracy(AnswerKind.Candidates, total: true).Mrr20);
        Assert.Equal(50, evaluator.Accuracy(AnswerKind.Immediate, total: true).Mrr20);
        Assert.Equal(100, evaluator.Accuracy(AnswerKind.Refined, total: true).Mrr20);
        var traffic = host.Services.GetRequiredService<StageTraffic>();
        Assert.Equal(2, traffic.Count(Stage.SessionUpdates));
        Assert.Equal(1, traffic.Count(Stage.Intents));
        Assert.Equal(1, traffic.Count(Stage.Refined));
        Assert.True(traffic.Latency(Stage.Candidates, 0.5) >= 0);

        var address = await host.Services.GetRequiredService<DashboardServer>().Address.WaitAsync(TimeSpan.FromSeconds(30), ct);
        using var http = new HttpClient { BaseAddress = address };
        var table = await http.GetFromJsonAsync<JsonElement>("api/accuracy", ct);
        Assert.Contains(
            table.EnumerateArray(),
            row => row.GetProperty("kind").GetString() == AnswerKind.Refined && row.GetProperty("modelVersion").GetString() == "v000002"
                && row.GetProperty("scope").GetString() == "total" && row.GetProperty("hitRate20").GetDouble() == 100);
        var session = await http.GetFromJsonAsync<JsonElement>("api/session?id=a", ct);
        Assert.Equal(3, session.GetProperty("answers").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("api/session?id=nobody", UriKind.Relative), ct)).StatusCode);
        var page = await http.GetStringAsync(new Uri("/", UriKind.Relative), ct);
        Assert.Contains("uPlot.iife.min.js", page, StringComparison.Ordinal);
        Assert.True((await http.GetAsync(new Uri("uPlot.iife.min.js", UriKind.Relative), ct)).IsSuccessStatusCode);
        await host.StopAsync(ct);
    }

    private static IHost Build(string bootstrapServers)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bootstrapServers,
        });
        builder.AddEvaluator();
        return builder.Build();
    }
}
