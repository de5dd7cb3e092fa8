using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using Streaming.Core.Contracts;
using Streaming.Core.Datasets.Synthetic;
using Streaming.Testing;

namespace Streaming.Cli.Tests;

/// <summary>
/// The first command a user runs: <c>streaming up</c> with nothing else trains and publishes models on the built-in
/// synthetic data, says <c>ready</c>, answers clicks with recommendations, stops on Ctrl-C, and a second run reuses the
/// cached models. Bounds are generous (a loaded 2-core machine); the speed figures come from the command's own output.
/// </summary>
public sealed partial class UpBootstrapTests : IDisposable
{
    private readonly string _cache = Directory.CreateTempSubdirectory("streaming-up-cache-").FullName;

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    [Fact]
    public async Task Up_bootstraps_on_synthetic_data_answers_clicks_stops_on_SIGINT_and_reuses_its_cache()
    {
        var ct = TestContext.Current.CancellationToken;
        var environment = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = _cache };
        using (var up = StreamingProcess.Start(environment, "up", "--Logging:LogLevel:Default=Warning"))
        {
            var lines = up.ReadUntil(line => line == "ready", TimeSpan.FromMinutes(8));
            Assert.True(lines.FindIndex(l => l.StartsWith("kafka: ", StringComparison.Ordinal)) < lines.FindIndex(l => l.StartsWith("redis: ", StringComparison.Ordinal)));
            var trained = Assert.Single(lines, l => l.StartsWith("bootstrap: trained", StringComparison.Ordinal));
            var figures = Figures().Match(trained);
            Assert.True(figures.Success, trained);
            // The structure is learnable: the session model must clearly beat popularity on held-out sessions.
            Assert.True(Percent(figures, "srgnn") > Percent(figures, "popularity") + 10, trained);
            Assert.Contains(lines, l => l.StartsWith("serving: v000001 (candidates and the fused ranker)", StringComparison.Ordinal));

            var kafka = lines.Single(l => l.StartsWith("kafka: ", StringComparison.Ordinal))["kafka: ".Length..];
            var session = "test-" + Guid.NewGuid().ToString("N");
            var items = new SyntheticDataset().Sessions(SyntheticStream.Live).First();
            await ProduceClicksAsync(kafka, session, items.Take(3), ct);
            var answer = await FirstAnswerAsync(kafka, session, TimeSpan.FromMinutes(2), ct);
            Assert.NotEmpty(answer.Items);
            Assert.All(answer.Items, item => Assert.StartsWith("syn-", item.ItemId, StringComparison.Ordinal));

            up.Interrupt();
            // Generous: the workers' drain alone may take ShutdownDrainTimeout (10 s) on a loaded machine.
            Assert.Equal(0, await up.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        using (var again = StreamingProcess.Start(environment, "up", "--Logging:LogLevel:Default=Warning"))
        {
            var lines = again.ReadUntil(line => line == "ready", TimeSpan.FromMinutes(4));
            Assert.Contains(lines, l => l.StartsWith("bootstrap: reused", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.StartsWith("bootstrap: trained", StringComparison.Ordinal));
            again.Interrupt();
            Assert.Equal(0, await again.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }
    }

    internal static async Task ProduceClicksAsync(string kafka, string session, IEnumerable<string> items, CancellationToken cancellationToken)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka }).Build();
        var time = DateTimeOffset.UtcNow;
        var n = 0;
        foreach (var item in items)
        {
            var click = new ClickEvent(session, item, time.AddSeconds(n), $"{session}-{n}");
            n++;
            await producer.ProduceAsync(Topics.Clicks, new Message<string, byte[]> { Key = session, Value = ClickEventWriter.Write(click) }, cancellationToken);
        }
    }

    internal static async Task<RecommendationsIssued> FirstAnswerAsync(string kafka, string session, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var seen = 0;
        while (DateTime.UtcNow < deadline)
        {
            var messages = await KafkaTopicReader.ReadAsync(kafka, Topics.Recommendations, 100_000, TimeSpan.FromSeconds(3), cancellationToken);
            seen = messages.Count;
            foreach (var message in messages.Where(m => m.Message.Key == session))
            {
                return JsonSerializer.Deserialize(message.Message.Value, StreamingJsonContext.Default.RecommendationsIssued)!;
            }
        }

        throw new TimeoutException($"no recommendation for {session} within {timeout} ({seen} recommendations for other sessions)");
    }

    private static double Percent(Match match, string group) => double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"SR-GNN HR@20 (?<srgnn>[\d.]+) %.*popularity HR@20 (?<popularity>[\d.]+) %")]
    private static partial Regex Figures();
}
