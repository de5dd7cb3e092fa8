using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Streaming.State;

public static class StateServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="RedisOptions"/> at start-up and registers the process's one
    /// <see cref="RedisConnection"/> and the live-session and intent-vector read paths; safe to call from every worker of one host.
    /// </summary>
    public static IServiceCollection AddRedisState(this IServiceCollection services)
    {
        services.AddOptions<RedisOptions>()
            .BindConfiguration(RedisOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<RedisConnection>();
        services.TryAddSingleton<LiveSessionStore>();
        services.TryAddSingleton<LiveSessionWriter>();
        services.TryAddSingleton<IntentVectorStore>();
        return services;
    }
}
