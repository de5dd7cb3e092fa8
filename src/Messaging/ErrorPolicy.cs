using System.Net.Sockets;
using System.Text.Json;
using Confluent.Kafka;

namespace Streaming.Messaging;

/// <summary>
/// The consume loop's error handling as data: an ordered rule table from exception kinds to actions, plus a fallback
/// for exceptions no rule knows. The first rule that matches the exception, or else one of its inner exceptions
/// (outermost first), wins.
/// </summary>
public sealed class ErrorPolicy
{
    /// <summary>Attempts for an exception no rule knows before it is dead-lettered (see <see cref="Default"/>).</summary>
    public const int UnknownErrorMaxAttempts = 3;

    public ErrorPolicy(IEnumerable<ErrorRule> rules, ErrorRule fallback)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(fallback);
        Rules = [.. rules];
        Fallback = fallback;
    }

    /// <summary>
    /// Poison (our <see cref="PoisonMessageException"/>, <see cref="JsonException"/>) is dead-lettered at once;
    /// transient failures (our <see cref="TransientException"/>, timeouts, non-fatal Kafka errors, Redis connection
    /// and timeout errors, Redis error replies that mean "not now" (<see cref="TransientRedisErrorCodes"/>), sockets, cancellations not caused by the stop) are retried forever. Anything else may be a
    /// bug or a blip: it is retried <see cref="UnknownErrorMaxAttempts"/> times in all, then dead-lettered, so one bad
    /// message cannot stop a worker and a short outage does not lose messages.
    /// </summary>
    public static ErrorPolicy Default { get; } = new(
        [
            ErrorRule.For<PoisonMessageException>(PoisonMessageException.DefaultReason, ErrorAction.DeadLetter),
            ErrorRule.For<JsonException>("invalid-json", ErrorAction.DeadLetter),
            ErrorRule.For<TransientException>("transient", ErrorAction.Retry),
            ErrorRule.For<TimeoutException>("timeout", ErrorAction.Retry),
            new ErrorRule("kafka", static e => e is KafkaException { Error.IsFatal: false }, ErrorAction.Retry),
            // By name: Messaging does not reference StackExchange.Redis.
            ErrorRule.ForTypeName(
                "redis-unavailable",
                ErrorAction.Retry,
                "StackExchange.Redis.RedisConnectionException",
                "StackExchange.Redis.RedisTimeoutException"),
            new ErrorRule("redis-busy", IsRedisNotNow, ErrorAction.Retry),
            ErrorRule.For<SocketException>("network", ErrorAction.Retry),
            ErrorRule.For<OperationCanceledException>("cancelled", ErrorAction.Retry),
        ],
        new ErrorRule("unhandled-exception", static _ => true, ErrorAction.RetryThenDeadLetter, UnknownErrorMaxAttempts));

    /// <summary>
    /// Redis error replies that mean "not now": the server is loading its data, over <c>maxmemory</c>, a replica after a
    /// failover, busy with a script, without a reachable master, or its cluster is resharding or down. The first word
    /// of the reply is the error code (so <c>BUSYKEY</c> or <c>BUSYGROUP</c>, which are final, do not match <c>BUSY</c>).
    /// </summary>
    public static IReadOnlySet<string> TransientRedisErrorCodes { get; } =
        new HashSet<string>(["LOADING", "OOM", "READONLY", "BUSY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN"], StringComparer.Ordinal);

    public IReadOnlyList<ErrorRule> Rules { get; }

    public ErrorRule Fallback { get; }

    /// <summary>A copy with <paramref name="rule"/> checked before all existing rules.</summary>
    public ErrorPolicy Prepend(ErrorRule rule) => new([rule, .. Rules], Fallback);

    /// <summary>The rule that applies to <paramref name="exception"/>.</summary>
    public ErrorRule Match(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (Exception? e = exception; e is not null; e = Inner(e))
        {
            foreach (var rule in Rules)
            {
                if (rule.Matches(e))
                {
                    return rule;
                }
            }
        }

        return Fallback;
    }

    /// <summary>Whether to retry or dead-letter after failed attempt number <paramref name="attempt"/> (1-based), and why.</summary>
    internal (ErrorAction Action, string Reason) Decide(Exception exception, int attempt)
    {
        var rule = Match(exception);
        var action = rule.Action switch
        {
            ErrorAction.RetryThenDeadLetter => attempt < rule.MaxAttempts ? ErrorAction.Retry : ErrorAction.DeadLetter,
            _ => rule.Action,
        };
        var reason = FindPoison(exception)?.Reason ?? rule.Reason;
        return (action, reason);
    }

    private static PoisonMessageException? FindPoison(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = Inner(e))
        {
            if (e is PoisonMessageException poison)
            {
                return poison;
            }
        }

        return null;
    }

    // By name: Messaging does not reference StackExchange.Redis. Its RedisServerException's message is the reply.
    private static bool IsRedisNotNow(Exception e)
    {
        if (e.GetType().FullName != "StackExchange.Redis.RedisServerException")
        {
            return false;
        }

        var space = e.Message.IndexOf(' ', StringComparison.Ordinal);
        return TransientRedisErrorCodes.Contains(space < 0 ? e.Message : e.Message[..space]);
    }

    private static Exception? Inner(Exception e) =>
        e is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : e.InnerException;
}
