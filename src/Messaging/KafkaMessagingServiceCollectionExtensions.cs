using System.Text.Json.Serialization.Metadata;
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

    /// <summary>
    /// A typed subscription: a consume loop for <paramref name="subscription"/> whose messages are read into
    /// <typeparamref name="TEvent"/> by <paramref name="reader"/> (parse, validate, key rule); the valid ones go to
    /// <typeparamref name="THandler"/> (resolved from DI, singleton), the others to <c>&lt;topic&gt;.dlq</c> with their reason.
    /// </summary>
    public static IServiceCollection AddKafkaConsumer<TEvent, THandler>(this IServiceCollection services, ConsumerSubscription subscription, IEventReader<TEvent> reader)
        where THandler : class, IEventBatchHandler<TEvent>
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(reader);
        services.TryAddSingleton<THandler>();
        services.AddSingleton<IHostedService>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<KafkaOptions>>().Value;
            var deadLetters = new DeadLetterPublisher(
                sp.GetRequiredService<EventProducer>(),
                sp.GetRequiredService<MessagingMetrics>(),
                new ExponentialBackoff(options.RetryInitialBackoff, options.RetryMaxBackoff, Jitter: 0.2),
                sp.GetRequiredService<ILogger<KafkaConsumeLoop>>(),
                subscription.GroupId);
            var handler = new EventBatchHandler<TEvent>(reader, sp.GetRequiredService<THandler>(), deadLetters);
            return new KafkaConsumerService(CreateLoop(sp, subscription, handler));
        });
        return services;
    }

    /// <summary>
    /// A typed subscription to JSON events (see <see cref="JsonEventReader{TEvent}"/>): the message key must be the
    /// event's <paramref name="sessionId"/> (pass null for topics keyed otherwise), and <paramref name="validate"/>
    /// is the event's own rule.
    /// </summary>
    public static IServiceCollection AddKafkaConsumer<TEvent, THandler>(
        this IServiceCollection services,
        ConsumerSubscription subscription,
        JsonTypeInfo<TEvent> typeInfo,
        Func<TEvent, string?>? sessionId,
        Func<TEvent, MessageRejection?>? validate = null)
        where THandler : class, IEventBatchHandler<TEvent> =>
        services.AddKafkaConsumer<TEvent, THandler>(subscription, new JsonEventReader<TEvent>(typeInfo, sessionId, validate));

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
