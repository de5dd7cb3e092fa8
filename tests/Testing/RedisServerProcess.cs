using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Streaming.Testing;

/// <summary>
/// A real <c>redis-server</c> started from the binary on PATH, on a free port, in a temporary directory.
/// Under <c>CI=true</c> a missing binary is an error (CI must install it); elsewhere tests skip.
/// </summary>
public sealed class RedisServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private RedisServerProcess(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Why no server could be started, or null when one can.</summary>
    public static string? UnavailableReason()
    {
        if (FindBinary() is not null)
        {
            return null;
        }

        const string reason = "redis-server is not on PATH (install it: apt-get install -y redis-server)";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("CI=true but " + reason);
        }

        return reason;
    }

    public static async Task<RedisServerProcess> StartAsync()
    {
        var binary = FindBinary() ?? throw new InvalidOperationException(UnavailableReason());
        var directory = Directory.CreateTempSubdirectory("streaming-redis-").FullName;
        var port = FreePorts.Next();
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory, "--save", "", "--appendonly", "no", "--daemonize", "no" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilListeningAsync(port, process);
        return new RedisServerProcess(process, directory, port);
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open but nothing answers, like a stalled Redis.</summary>
    public void Pause() => Signal("-STOP");

    /// <summary>Lets a paused server go on (SIGCONT).</summary>
    public void Resume() => Signal("-CONT");

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            ?? throw new InvalidOperationException("kill did not start");
        kill.WaitForExit();
    }

    private static async Task WaitUntilListeningAsync(int port, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {process.ExitCode}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"redis-server did not listen on port {port} within 10 s");
    }

    private static string? FindBinary()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists);
    }

}
