using System.Diagnostics;
using StackExchange.Redis;

namespace Streaming.State.Tests;

public sealed class EmbeddedRedisTests
{
    [Fact]
    public async Task Starts_quickly_serves_Lua_and_stops_cleanly()
    {
        var clock = Stopwatch.StartNew();
        int port;
        using (var garnet = EmbeddedRedis.Start())
        {
            port = garnet.Port;
            // A generous bound (it measured 0.5–1.2 s idle and 5.2 s at load average 56): this catches a start that hangs
            // on something (a storage driver, a port), not a slow machine.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"Garnet took {clock.Elapsed.TotalSeconds:F2} s to start");
            await using var redis = await ConnectionMultiplexer.ConnectAsync(RedisConnection.Configure(garnet.Endpoint));
            var result = await redis.GetDatabase().ScriptEvaluateAsync("return ARGV[1] + 1", values: [41]);
            Assert.Equal(42, (long)result);
        }

        // Stopped means the port no longer accepts connections.
        using var client = new System.Net.Sockets.TcpClient();
        Assert.ThrowsAny<System.Net.Sockets.SocketException>(() => client.Connect("127.0.0.1", port));
    }

    [Fact]
    public async Task With_a_persistence_directory_data_survives_a_restart()
    {
        var directory = Directory.CreateTempSubdirectory("streaming-garnet-").FullName;
        try
        {
            using (var garnet = EmbeddedRedis.Start(persistDirectory: directory))
            {
                await using var redis = await ConnectionMultiplexer.ConnectAsync(RedisConnection.Configure(garnet.Endpoint));
                await redis.GetDatabase().HashSetAsync("sess:{p}", "v", 7);
            }

            using (var garnet = EmbeddedRedis.Start(persistDirectory: directory))
            {
                await using var redis = await ConnectionMultiplexer.ConnectAsync(RedisConnection.Configure(garnet.Endpoint));
                Assert.Equal(7, (long)await redis.GetDatabase().HashGetAsync("sess:{p}", "v"));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
