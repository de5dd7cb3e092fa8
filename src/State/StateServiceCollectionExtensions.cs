using Microsoft.Extensions.DependencyInjection;

namespace Streaming.State;

public static class StateServiceCollectionExtensions
{
    /// <summary>Binds and validates <see cref="RedisOptions"/> at start-up and registers the process's one <see cref="RedisConnection"/>.</summary>
    public static IServiceCollection AddRedisState(this IServiceCollection services)
    {
        services.AddOptions<RedisOptions>()
            .BindConfiguration(RedisOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<RedisConnection>();
        return services;
    }
}
