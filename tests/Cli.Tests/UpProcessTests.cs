using System.Globalization;
using System.Text.RegularExpressions;
using Streaming.Testing;

namespace Streaming.Cli.Tests;

/// <summary>
/// The README's run command: <c>streaming up --demo N</c> brings the pipeline up and clicks flow through it. These runs
/// serve an empty registry (no bootstrap): they are about the clicks' path and telemetry, not the models.
/// </summary>
public sealed partial class UpProcessTests : IDisposable
{
    private readonly string _emptyRegistry = Directory.CreateTempSubdirectory("streaming-up-empty-registry-").FullName;

    public void Dispose() => Directory.Delete(_emptyRegistry, recursive: true);

    [Fact]
    public async Task Up_with_demo_traffic_applies_clicks_and_publishes_session_updates_then_stops()
    {
        using var up = StreamingProcess.Start(null, "up", "--registry", _emptyRegistry, "--demo", "300", "--duration", "00:00:30", "--Logging:LogLevel:Default=Warning");

        var exitCode = await up.WaitForExitAsync(TimeSpan.FromMinutes(3));
        var lines = new List<string>();
        while (up.ReadLine(TimeSpan.FromSeconds(1)) is { } line)
        {
            lines.Add(line);
        }

        Assert.True(exitCode == 0, $"exit {exitCode}; stdout: {string.Join(" | ", lines)}; stderr: {up.StandardError}");
        Assert.Contains(lines, l => l.StartsWith("kafka: 127.0.0.1:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("dashboard: http://127.0.0.1:", StringComparison.Ordinal));
        // The last status line is printed once the workers have stopped. How many clicks the demo got out in its time
        // depends on the machine; what was applied is compared with what the demo produced, not with a rate.
        var status = Status().Match(lines.Last(l => l.Contains("session updates", StringComparison.Ordinal)));
        Assert.True(status.Success, lines.Last());
        var applied = Count(status, "applied");
        Assert.InRange(applied, 1, Count(status, "produced"));
        Assert.Equal(applied, Count(status, "updates"));
        Assert.Equal(0, Count(status, "dead"));
    }

    [Fact]
    public async Task Workers_expose_their_metrics_on_the_Prometheus_endpoint()
    {
        var port = FreePorts.Next();
        using var up = StreamingProcess.Start(null, "up", "--registry", _emptyRegistry, "--demo", "200",
            $"--Telemetry:PrometheusPort={port}", "--Telemetry:PrometheusHost=127.0.0.1", "--Logging:LogLevel:Default=Warning");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        // Runs until the first click is applied and scraped, however long a loaded machine takes to start five workers;
        // disposing the process ends it.
        var text = "";
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (DateTime.UtcNow < deadline && !text.Contains("streaming_ingest_clicks_applied", StringComparison.Ordinal))
        {
            await Task.Delay(500, TestContext.Current.CancellationToken);
            try
            {
                text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"), TestContext.Current.CancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !TestContext.Current.CancellationToken.IsCancellationRequested))
            {
                // Not listening yet, or too busy starting five workers to answer within the client's timeout.
            }
        }

        Assert.True(text.Contains("streaming_ingest_clicks_applied", StringComparison.Ordinal), $"no ingest metrics; stderr: {up.StandardError}");
        Assert.Contains("streaming_messaging_consumer_lag", text, StringComparison.Ordinal);
        Assert.Contains("streaming_ingest_apply_duration_milliseconds_bucket", text, StringComparison.Ordinal);
    }

    private static long Count(Match status, string group) => long.Parse(status.Groups[group].Value, CultureInfo.InvariantCulture);


    [GeneratedRegex(@"demo clicks produced (?<produced>\d+) \| clicks consumed \d+ \| applied (?<applied>\d+) \| duplicates \d+ \| dead-lettered (?<dead>\d+) \| session updates (?<updates>\d+)")]
    private static partial Regex Status();
}
