using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Streaming.Testing;

namespace Streaming.Faults.Tests;

/// <summary>
/// A real <c>redis-server</c> on a fixed loopback port and data directory with the append-only file fsynced on every
/// write (<c>appendfsync always</c>: a write Redis acknowledged survives <c>kill -9</c>), so it can be killed and
/// started again holding the same data, as a restarted production server would.
/// </summary>
internal sealed class RestartableRedis : IDisposable
{
    private readonly string _directory;
    private Process? _process;

    private RestartableRedis(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    public static async Task<RestartableRedis> StartAsync(string directory, CancellationToken cancellationToken)
    {
        var redis = new RestartableRedis(directory, FreePorts.Next());
        await redis.StartAgainAsync(cancellationToken);
        return redis;
    }

    /// <summary><c>kill -9</c> the server.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit(30_000);
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Starts the server on the same port and directory; it reloads its append-only file.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken)
    {
        var binary = FindBinary() ?? throw new InvalidOperationException(RedisServerProcess.UnavailableReason());
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _directory,
            "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--daemonize", "no",
        })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {process.ExitCode}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    public void Dispose() => Kill();

    private static string? FindBinary() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists);
}
