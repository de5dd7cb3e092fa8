namespace Streaming.Cli.Tests;

/// <summary>
/// <c>streaming up</c> ends when its host ends, reports bad settings in one line with the documented exit code, and
/// refuses arguments it does not know (a typo must not run silently with different behaviour).
/// </summary>
public sealed class UpLifecycleTests
{
    // Far beyond the bound below: an `up` that waits for its --duration instead of its host fails the test.
    private const string LongDuration = "00:30:00";
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Exits_with_the_hosts_exit_code_as_soon_as_the_host_stops()
    {
        using var up = StreamingProcess.Start(null, "up", "--Kafka:GroupProtocol=eager", "--duration", LongDuration, "--Logging:LogLevel:Default=Warning");

        var exitCode = await up.WaitForExitAsync(ExitBound);

        Assert.True(exitCode == 3, $"exit {exitCode}; stderr: {up.StandardError}");
        Assert.Contains("Kafka:GroupProtocol", up.StandardError, StringComparison.Ordinal);
        // Neither a status line after the host stopped nor a bootstrap for a host that cannot start.
        var stdout = StdoutLines(up);
        Assert.DoesNotContain(stdout, line => line.Contains("clicks consumed", StringComparison.Ordinal));
        Assert.DoesNotContain(stdout, line => line.StartsWith("bootstrap:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_invalid_setting_exits_3_with_one_line_naming_it_and_no_stack_trace()
    {
        using var up = StreamingProcess.Start(null, "up", "--Ingest:MaxSessionLength=1", "--duration", LongDuration, "--Logging:LogLevel:Default=Warning");

        var exitCode = await up.WaitForExitAsync(ExitBound);

        var stderr = up.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(exitCode == 3, $"exit {exitCode}; stderr: {up.StandardError}");
        var line = Assert.Single(stderr);
        Assert.Contains("Ingest:MaxSessionLength", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--dmeo", "up", "--dmeo", "300", "--duration", LongDuration)]
    [InlineData("300", "up", "300", "--duration", LongDuration)]
    [InlineData("--Ingest=3", "up", "--Ingest=3", "--duration", LongDuration)]
    [InlineData("--Kafka:BootstrapServers", "worker", "ingest", "--Kafka:BootstrapServers", "127.0.0.1:9092")]
    public async Task An_unknown_argument_is_an_error_naming_it(string unknown, params string[] args)
    {
        using var process = StreamingProcess.Start(null, args);

        var exitCode = await process.WaitForExitAsync(ExitBound);

        Assert.True(exitCode == 2, $"exit {exitCode}; stderr: {process.StandardError}");
        Assert.Contains($"unknown argument '{unknown}'", process.StandardError, StringComparison.Ordinal);
    }

    private static List<string> StdoutLines(StreamingProcess process)
    {
        var lines = new List<string>();
        while (process.ReadLine(TimeSpan.FromSeconds(1)) is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }
}
