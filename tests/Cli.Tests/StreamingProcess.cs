using System.Collections.Concurrent;
using System.Diagnostics;

namespace Streaming.Cli.Tests;

/// <summary>The <c>streaming</c> command as a separate OS process, with its output lines collected as they come.</summary>
internal sealed class StreamingProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _stdout = [];
    private readonly ConcurrentQueue<string> _stderr = new();

    private StreamingProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _stdout.CompleteAdding();
            }
            else
            {
                _stdout.Add(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stderr.Enqueue(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string StandardError => string.Join('\n', _stderr);

    public static StreamingProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "streaming.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // A clean configuration: nothing inherited may satisfy a setting the test expects to be missing.
        info.Environment.Remove("Kafka__BootstrapServers");
        info.Environment.Remove("Redis__Configuration");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new StreamingProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet"));
    }

    /// <summary>The next stdout line, or null when the process closed stdout or the time ran out.</summary>
    public string? ReadLine(TimeSpan timeout) =>
        _stdout.TryTake(out var line, timeout) ? line : null;

    /// <summary>Lines up to and including the first that satisfies <paramref name="last"/>.</summary>
    public List<string> ReadUntil(Func<string, bool> last, TimeSpan timeout)
    {
        var lines = new List<string>();
        var deadline = DateTime.UtcNow + timeout;
        while (ReadLine(deadline - DateTime.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero) is { } line)
        {
            lines.Add(line);
            if (last(line))
            {
                return lines;
            }
        }

        throw new TimeoutException($"no matching line; got [{string.Join(" | ", lines)}]; stderr: {StandardError}");
    }

    /// <summary>Sends SIGTERM, as an orchestrator would.</summary>
    public void Terminate() => Signal("-TERM");

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does.</summary>
    public void Interrupt() => Signal("-INT");

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _stdout.Dispose();
    }
}
