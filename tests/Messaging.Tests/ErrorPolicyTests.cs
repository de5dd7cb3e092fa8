using System.Text.Json;
using Confluent.Kafka;

namespace Streaming.Messaging.Tests;

public sealed class ErrorPolicyTests
{
    public static TheoryData<Exception, ErrorAction, string> Cases => new()
    {
        { new PoisonMessageException("bad-item", "x"), ErrorAction.DeadLetter, "bad-item" },
        { new JsonException("x"), ErrorAction.DeadLetter, "invalid-json" },
        { new InvalidOperationException("wrapper", new JsonException("x")), ErrorAction.DeadLetter, "invalid-json" },
        { new TransientException("x"), ErrorAction.Retry, "transient" },
        { new TimeoutException("x"), ErrorAction.Retry, "timeout" },
        { new KafkaException(ErrorCode.Local_Transport), ErrorAction.Retry, "kafka" },
        { new KafkaException(new Error(ErrorCode.Local_Fatal, "fatal", isFatal: true)), ErrorAction.RetryThenDeadLetter, "unhandled-exception" },
        { new AggregateException(new TimeoutException("x")), ErrorAction.Retry, "timeout" },
        { new InvalidOperationException("x"), ErrorAction.RetryThenDeadLetter, "unhandled-exception" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Default_policy_classifies_exceptions(Exception exception, ErrorAction action, string reason)
    {
        var rule = ErrorPolicy.Default.Match(exception);

        Assert.Equal(action, rule.Action);
        Assert.Equal(reason, ErrorPolicy.Default.Decide(exception, ErrorPolicy.UnknownErrorMaxAttempts).Reason);
    }

    [Fact]
    public void Unknown_errors_are_retried_until_the_last_attempt_then_dead_lettered()
    {
        var exception = new InvalidOperationException("x");

        var actions = Enumerable.Range(1, ErrorPolicy.UnknownErrorMaxAttempts).Select(a => ErrorPolicy.Default.Decide(exception, a).Action).ToList();

        Assert.All(actions[..^1], a => Assert.Equal(ErrorAction.Retry, a));
        Assert.Equal(ErrorAction.DeadLetter, actions[^1]);
    }

    [Fact]
    public void Redis_connection_errors_match_by_type_name()
    {
        Assert.Equal("redis-unavailable", ErrorPolicy.Default.Match(new StackExchange.Redis.RedisConnectionException(StackExchange.Redis.ConnectionFailureType.UnableToConnect, StackExchange.Redis.CommandFlags.None, "down", null, StackExchange.Redis.CommandStatus.Unknown)).Reason);
    }

    [Theory]
    [InlineData("LOADING Redis is loading the dataset in memory", ErrorAction.Retry)]
    [InlineData("OOM command not allowed when used memory > 'maxmemory'. script: 041f, on @user_script:1.", ErrorAction.Retry)]
    [InlineData("READONLY You can't write against a read only replica.", ErrorAction.Retry)]
    [InlineData("BUSY Redis is busy running a script.", ErrorAction.Retry)]
    [InlineData("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.", ErrorAction.Retry)]
    [InlineData("TRYAGAIN Multiple keys request during rehashing of slot", ErrorAction.Retry)]
    [InlineData("CLUSTERDOWN The cluster is down", ErrorAction.Retry)]
    [InlineData("BUSYKEY Target key name already exists.", ErrorAction.RetryThenDeadLetter)]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value", ErrorAction.RetryThenDeadLetter)]
    [InlineData("ERR syntax error", ErrorAction.RetryThenDeadLetter)]
    public void Redis_error_replies_that_mean_not_now_are_retried(string reply, ErrorAction action)
    {
        var rule = ErrorPolicy.Default.Match(new InvalidOperationException("wrapper", new StackExchange.Redis.RedisServerException(StackExchange.Redis.RedisErrorKind.Unknown, StackExchange.Redis.CommandFlags.None, reply)));

        Assert.Equal(action, rule.Action);
    }

    [Fact]
    public void Prepended_rules_win()
    {
        var policy = ErrorPolicy.Default.Prepend(ErrorRule.For<TimeoutException>("slow-is-poison", ErrorAction.DeadLetter));

        Assert.Equal(ErrorAction.DeadLetter, policy.Match(new TimeoutException()).Action);
        Assert.Equal(ErrorAction.Retry, ErrorPolicy.Default.Match(new TimeoutException()).Action);
    }
}
