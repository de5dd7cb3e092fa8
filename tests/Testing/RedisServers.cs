using StackExchange.Redis;
using Streaming.State;

namespace Streaming.Testing;

/// <summary>
/// Both Redis servers the project supports, started once per test collection: Garnet in-process and a
/// real redis-server. Tests take a server kind as a theory argument and run against each.
/// </summary>
public sealed class RedisServers : IAsyncLifetime
{
    public const string Garnet = "garnet";
    public const string RedisServer = "redis-server";

    private readonly Dictionary<string, ConnectionMultiplexer> _connections = [];
    private EmbeddedRedis? _garnet;
    private RedisServerProcess? _redis;
    private string? _redisUnavailable;

    public static TheoryData<string> Kinds => new(Garnet, RedisServer);

    public async ValueTask InitializeAsync()
    {
        _garnet = EmbeddedRedis.Start();
        _connections[Garnet] = await ConnectionMultiplexer.ConnectAsync(RedisConnection.Configure(_garnet.Endpoint));
        _redisUnavailable = RedisServerProcess.UnavailableReason();
        if (_redisUnavailable is null)
        {
            _redis = await RedisServerProcess.StartAsync();
            _connections[RedisServer] = await ConnectionMultiplexer.ConnectAsync(RedisConnection.Configure(_redis.Endpoint));
        }
    }

    /// <summary>The endpoint of a server kind; skips the calling test when that server is unavailable here.</summary>
    public string Endpoint(string kind) => kind switch
    {
        Garnet => _garnet!.Endpoint,
        RedisServer => _redis?.Endpoint ?? SkipUnavailable<string>(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown Redis server kind"),
    };

    /// <summary>A connection to a server kind; skips the calling test when that server is unavailable here.</summary>
    public ConnectionMultiplexer Connection(string kind)
    {
        _ = Endpoint(kind);
        return _connections[kind];
    }

    /// <summary>A key prefix unique to one test, so tests sharing a server never see each other's keys.</summary>
    public static string UniquePrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections.Values)
        {
            await connection.DisposeAsync();
        }

        _redis?.Dispose();
        _garnet?.Dispose();
    }

    private T SkipUnavailable<T>()
    {
        Assert.Skip(_redisUnavailable ?? "redis-server unavailable");
        return default!;
    }
}
