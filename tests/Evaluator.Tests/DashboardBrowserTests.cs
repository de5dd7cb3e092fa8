using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;
using Streaming.Core.Catalog;
using Streaming.Core.Contracts;
using Streaming.Evaluator.Dashboard;
using Streaming.Ingest;
using Streaming.Messaging;
using Streaming.State;

namespace Streaming.Evaluator.Tests;

/// <summary>
/// The dashboard in a real browser (Debian's <c>chromium</c>, driven by Playwright): clicks go through the real Ingest
/// on embedded Kafka and Garnet, answers are published as the serving stages publish them, and the page must plot
/// data points in every chart and show the session panel with item titles.
/// </summary>
public sealed class DashboardBrowserTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly string _directory = Directory.CreateTempSubdirectory("evaluator-dashboard-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_page_plots_a_running_pipeline_and_shows_a_sessions_answer_with_titles()
    {
        RequireChromium();
        var ct = TestContext.Current.CancellationToken;
        var items = Enumerable.Range(0, 30).Select(i => $"item-{i:D2}").ToArray();
        var catalogPath = Path.Combine(_directory, ItemCatalog.FileName);
        ItemCatalog.Build(items, items.Select(id => new ItemMetadata(id, "Title of " + id, ["Books"], "Brand"))).Save(catalogPath);

        await using var kafka = EmbeddedKafka.Start(brokers: 1);
        foreach (var topic in Topics.Standard)
        {
            kafka.CreateTopic(topic, 2);
        }

        using var redis = EmbeddedRedis.Start();
        using var host = Build(kafka.BootstrapServers, redis.Endpoint, catalogPath);
        await host.StartAsync(ct);
        var address = await host.Services.GetRequiredService<DashboardServer>().Address.WaitAsync(TimeSpan.FromSeconds(30), ct);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var traffic = ProduceAsync(kafka.BootstrapServers, items, stop.Token);
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
            var page = await browser.NewPageAsync();
            await page.GotoAsync(address.ToString());

            // Every chart holds data points; throughput, latency and accuracy hold positive ones (hits, since the answers name the next click).
            await WaitAsync(page, address, 
                """
                () => {
                  const charts = window.dashboard.charts;
                  const ids = ["throughput", "latency", "lag", "accuracy", "intents", "models"];
                  const points = (id, test) => charts[id] && charts[id].plot.data.slice(1).some(s => s.some(v => v != null && test(v)));
                  return ids.every(id => points(id, v => v >= 0)) && ["throughput", "latency", "accuracy"].every(id => points(id, v => v > 0));
                }
                """,
                TimeSpan.FromSeconds(90));
            var accuracySeries = await page.EvaluateAsync<string[]>("() => window.dashboard.charts.accuracy.names");
            Assert.Contains("candidates HR@20", accuracySeries);
            Assert.Contains("refined MRR@20", accuracySeries);

            await WaitAsync(page, address, "() => document.querySelector('#session-panel').textContent.includes('Title of item-')", TimeSpan.FromSeconds(30));
            var panel = await page.Locator("#session-panel").InnerTextAsync();
            Assert.Contains("candidates for version", panel, StringComparison.Ordinal);
            Assert.Contains("Title of item-", panel, StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            await traffic;
            await host.StopAsync(CancellationToken.None);
        }
    }

    // On a timeout the failure shows what the page and the API held.
    private static async Task WaitAsync(IPage page, Uri address, string condition, TimeSpan timeout)
    {
        try
        {
            await page.WaitForFunctionAsync(condition, null, new PageWaitForFunctionOptions { Timeout = (float)timeout.TotalMilliseconds, PollingInterval = 250 });
        }
        catch (TimeoutException)
        {
            using var http = new HttpClient { BaseAddress = address };
            var series = await http.GetStringAsync(new Uri("api/series", UriKind.Relative));
            var status = await page.Locator("#status").InnerTextAsync();
            Assert.Fail($"Timed out waiting for {condition}\nstatus: {status}\napi/series: {series[..Math.Min(series.Length, 4000)]}");
        }
    }

    // Under CI the browser is part of the environment (.ci/run installs it): its absence is a failure, not a skip.
    private static void RequireChromium()
    {
        if (File.Exists(Chromium))
        {
            return;
        }

        var reason = $"{Chromium} is not installed (apt-get install -y --no-install-recommends chromium)";
        Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), reason);
        Assert.Skip(reason);
    }

    // Sessions of five clicks; after each click the candidate list and both Ranker answers name the next item (at ranks 3, 2 and 1).
    private static async Task ProduceAsync(string bootstrapServers, string[] items, CancellationToken ct)
    {
        using var messages = new PipelineMessages(bootstrapServers);
        var random = new Random(5);
        var run = Guid.NewGuid().ToString("N")[..8];
        try
        {
            for (var session = 0; !ct.IsCancellationRequested; session++)
            {
                var id = $"browser-{run}-{session}";
                var path = Enumerable.Range(0, 5).Select(_ => items[random.Next(items.Length)]).ToArray();
                for (var version = 1; version <= path.Length; version++)
                {
                    var clickTime = DateTimeOffset.UtcNow;
                    await messages.ClickAsync(new ClickEvent(id, path[version - 1], clickTime, $"{id}-{version}"), ct);
                    var next = version < path.Length ? path[version] : "item-00";
                    await messages.CandidatesAsync(id, version, "v000001", ["item-28", "item-29", next], clickTime, ct);
                    await messages.RecommendationsAsync(id, version, "v000001", ["item-29", next], intentsVersion: null, clickTime, ct);
                    await messages.IntentsAsync(id, version, clickTime, ct);
                    await messages.RecommendationsAsync(id, version, "v000001", [next], intentsVersion: version, clickTime, ct);
                    await Task.Delay(50, ct);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped by the test.
        }
    }

    private static IHost Build(string bootstrapServers, string redis, string catalogPath)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Redis:Configuration"] = redis,
            ["Evaluator:CatalogPath"] = catalogPath,
        });
        builder.AddIngest();
        builder.AddEvaluator();
        return builder.Build();
    }
}
