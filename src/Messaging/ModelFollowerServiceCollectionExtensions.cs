using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Streaming.Core.Contracts;

namespace Streaming.Messaging;

public static class ModelFollowerServiceCollectionExtensions
{
    /// <summary>
    /// Follows the <c>models</c> topic and tells <typeparamref name="TObserver"/> (a singleton) about every
    /// announcement. Every process instance must hear every announcement, so the consumer group is
    /// <c>&lt;groupPrefix&gt;-&lt;random id&gt;</c>, new per process; with <c>Kafka:AutoOffsetReset=Earliest</c> (the
    /// default) it starts with the retained announcements, so a version published while the process was starting is
    /// not missed (the observer skips versions it already serves). Call after <c>AddKafkaMessaging</c>.
    /// </summary>
    public static IServiceCollection AddModelFollower<TObserver>(this IServiceCollection services, string groupPrefix)
        where TObserver : class, IModelPublishedObserver
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(groupPrefix);
        services.TryAddSingleton<TObserver>();
        var group = $"{groupPrefix}-{Guid.NewGuid():N}";
        // Announcements are keyed by model name, not by session: no key rule.
        return services.AddKafkaConsumer<ModelPublished, ModelPublishedBatchHandler<TObserver>>(
            new ConsumerSubscription(group, Topics.Models),
            StreamingJsonContext.Default.ModelPublished,
            sessionId: null,
            Validate);
    }

    // An announcement names its model and version.
    private static MessageRejection? Validate(ModelPublished published) =>
        string.IsNullOrEmpty(published.Name) || string.IsNullOrEmpty(published.Version)
            ? new(MessageRejection.InvalidEvent, "not a ModelPublished event (no model name or version)")
            : null;
}
