using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Streaming.Faults.Tests;

/// <summary>
/// One <c>streaming worker &lt;name&gt;</c> as its own OS process (the Cli built beside these tests), configured through
/// environment variables, with its last output lines kept for failure messages.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private const int KeptLines = 5_000;
    private const int ShownLines = 60;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private WorkerProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public static WorkerProcess Start(string worker, string name, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // No appsettings.json of another directory may configure the worker.
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "streaming.dll"));
        info.ArgumentList.Add("worker");
        info.ArgumentList.Add(worker);
        foreach (var key in info.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return new WorkerProcess(name, Process.Start(info) ?? throw new InvalidOperationException($"could not start worker {worker}"));
    }

    /// <summary>The last lines it wrote (stdout and stderr), for a failure message.</summary>
    public string Tail() =>
        $"--- {Name} (pid {Id}{(_process.HasExited ? $", exited {_process.ExitCode}" : "")}) ---\n{string.Join('\n', _output.TakeLast(ShownLines))}";

    /// <summary>Whether it wrote a line satisfying <paramref name="match"/> so far.</summary>
    public bool Wrote(Func<string, bool> match) => _output.Any(match);

    private int Id => _process.Id;

    /// <summary><c>kill -9</c>: no drain, no offset commit, no goodbye to the group.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit(30_000);
    }

    /// <summary>SIGTERM, as an orchestrator scaling down sends; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using (var kill = Process.Start("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(timeout);
        await _process.WaitForExitAsync(bound.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > KeptLines && _output.TryDequeue(out _))
        {
        }
    }
}
