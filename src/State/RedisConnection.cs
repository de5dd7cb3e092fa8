using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Streaming.State;

/// <summary>
/// The process's one Redis multiplexer, connected on first use: an in-process server started by another
/// hosted service may not be listening yet when the host builds its services.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _multiplexer;

    public RedisConnection(IOptions<RedisOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configuration = Configure(options.Value.Configuration);
        _multiplexer = new(() => ConnectionMultiplexer.ConnectAsync(configuration), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// Parses a configuration string with the settings this project relies on: RESP2 (predictable raw reply
    /// shapes on both Redis and Garnet) and retries while the server comes up.
    /// </summary>
    public static ConfigurationOptions Configure(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.Protocol = RedisProtocol.Resp2;
        options.AbortOnConnectFail = false;
        options.ConnectRetry = Math.Max(options.ConnectRetry, 5);
        return options;
    }

    public async Task<IConnectionMultiplexer> GetMultiplexerAsync(CancellationToken cancellationToken) =>
        await _multiplexer.Value.WaitAsync(cancellationToken);

    public async Task<IDatabase> GetDatabaseAsync(CancellationToken cancellationToken) =>
        (await GetMultiplexerAsync(cancellationToken)).GetDatabase();

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer.IsValueCreated && _multiplexer.Value.IsCompletedSuccessfully)
        {
            await (await _multiplexer.Value).DisposeAsync();
        }
    }
}
