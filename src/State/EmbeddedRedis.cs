using System.Net;
using System.Net.Sockets;
using Garnet;

namespace Streaming.State;

/// <summary>
/// Microsoft Garnet in-process: a Redis-protocol server for the embedded default and for tests.
/// Lua is on (the session scripts need EVAL); storage uses the RandomAccess device because Garnet's
/// default native driver needs a newer glibc than Debian 12 has and kills the process on the first write.
/// </summary>
public sealed class EmbeddedRedis : IDisposable
{
    private readonly GarnetServer _server;

    private EmbeddedRedis(GarnetServer server, int port)
    {
        _server = server;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Starts Garnet on <paramref name="port"/> (0 = a free port); with a directory, it checkpoints and logs there and recovers from it.</summary>
    public static EmbeddedRedis Start(int port = 0, string? persistDirectory = null, string memory = "256m", Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null)
    {
        if (port == 0)
        {
            port = FreePort();
        }

        var args = new List<string>
        {
            "--bind", "127.0.0.1",
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--lua", "true",
            "--device-type", "RandomAccess",
            "--memory", memory,
        };
        if (persistDirectory is not null)
        {
            Directory.CreateDirectory(persistDirectory);
            args.AddRange(["--checkpointdir", persistDirectory, "--aof", "--recover"]);
        }

        // Garnet prints a banner to stdout; commands such as `streaming infra` own their stdout.
        var stdout = Console.Out;
        Console.SetOut(TextWriter.Null);
        GarnetServer? server = null;
        try
        {
            server = new GarnetServer([.. args], loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
            server.Start();
        }
        catch
        {
            server?.Dispose();
            throw;
        }
        finally
        {
            Console.SetOut(stdout);
        }

        return new EmbeddedRedis(server, port);
    }

    public void Dispose() => _server.Dispose();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
