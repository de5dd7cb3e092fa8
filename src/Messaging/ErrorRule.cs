namespace Streaming.Messaging;

/// <summary>One row of the <see cref="ErrorPolicy"/> table.</summary>
/// <param name="Reason">Machine-readable name; it is the <c>dlq-reason</c> header unless the exception carries its own.</param>
/// <param name="Matches">Whether this rule applies to an exception (checked on the exception and its inner exceptions).</param>
/// <param name="Action">What to do.</param>
/// <param name="MaxAttempts">For <see cref="ErrorAction.RetryThenDeadLetter"/>: handler attempts before dead-lettering.</param>
public sealed record ErrorRule(string Reason, Func<Exception, bool> Matches, ErrorAction Action, int MaxAttempts = 1)
{
    /// <summary>A rule for exceptions of type <typeparamref name="TException"/> (or derived).</summary>
    public static ErrorRule For<TException>(string reason, ErrorAction action, int maxAttempts = 1)
        where TException : Exception
        => new(reason, static e => e is TException, action, maxAttempts);

    /// <summary>A rule matched by the exception's full type name, for libraries this project does not reference.</summary>
    public static ErrorRule ForTypeName(string reason, ErrorAction action, params string[] fullTypeNames)
    {
        var names = new HashSet<string>(fullTypeNames, StringComparer.Ordinal);
        return new(reason, e => IsOrDerivesFrom(e.GetType(), names), action);
    }

    private static bool IsOrDerivesFrom(Type? type, HashSet<string> names)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (type.FullName is { } name && names.Contains(name))
            {
                return true;
            }
        }

        return false;
    }
}
