using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Streaming.Messaging;

public static class KafkaMessagingServiceCollectionExtensions
{
    /// <summary>
    /// Kafka options (section <c>Kafka</c>, validated at start-up), the process's one <see cref="EventProducer"/>,
    /// <see cref="MessagingMetrics"/>, <see cref="KafkaFatalErrors"/> (the host turns it into the exit code) and the default <see cref="ErrorPolicy"/> (register your own first to replace it).
    /// </summary>
    public static IServiceCollection AddKafkaMessaging(this IServiceCollection services, Action<KafkaOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<KafkaOptions>().BindConfiguration(KafkaOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KafkaOptions>, KafkaOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton<MessagingMetrics>();
        services.TryAddSingleton(sp => new KafkaFatalErrors(sp.GetService<IHostApplicationLifetime>()));
        services.TryAddSingleton<EventProducer>();
        services.TryAddSingleton(ErrorPolicy.Default);
        return services;
    }

    /// <summary>A consume loop for <paramref name="subscription"/> with a batch handler (resolved from DI, singleton).</summary>
    public static IServiceCollection AddKafkaBatchConsumer<THandler>(this IServiceCollection services, ConsumerSubscription subscription)
        where THandler : class, IMessageBatchHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<THandler>();
        // A factory registration, so one process may host several loops (all-in-one mode).
        services.AddSingleton<IHostedService>(sp => new KafkaConsumerService(CreateLoop(sp, subscription, sp.GetRequiredService<THandler>())));
        return services;
    }

    /// <summary>A consume loop for <paramref name="subscription"/> with a per-message handler (resolved from DI, singleton).</summary>
    public static IServiceCollection AddKafkaConsumer<THandler>(this IServiceCollection services, ConsumerSubscription subscription)
        where THandler : class, IMessageHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<THandler>();
        services.AddSingleton<IHostedService>(sp =>
            new KafkaConsumerService(CreateLoop(sp, subscription, new PerMessageBatchHandler(sp.GetRequiredService<THandler>()))));
        return services;
    }

    /// <summary>Builds a loop from the container's services, for hosts that run it themselves.</summary>
    public static KafkaConsumeLoop CreateLoop(IServiceProvider services, ConsumerSubscription subscription, IMessageBatchHandler handler) =>
        new(
            subscription,
            handler,
            services.GetRequiredService<EventProducer>(),
            services.GetRequiredService<ErrorPolicy>(),
            services.GetRequiredService<MessagingMetrics>(),
            services.GetRequiredService<IOptions<KafkaOptions>>(),
            services.GetRequiredService<ILogger<KafkaConsumeLoop>>(),
            services.GetRequiredService<KafkaFatalErrors>());
}
