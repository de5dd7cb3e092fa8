using System.Net;
using System.Net.Sockets;

namespace Streaming.Testing;

/// <summary>Loopback ports for servers a test starts itself.</summary>
public static class FreePorts
{
    /// <summary>A port nothing listens on right now (the OS picks it; the probe releases it at once).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
