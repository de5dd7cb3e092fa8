namespace Streaming.Messaging;

/// <summary>
/// Thrown by a handler for a message that can never be handled (invalid content): the message is dead-lettered
/// with <see cref="Reason"/> as its <c>dlq-reason</c> header.
/// </summary>
public sealed class PoisonMessageException : Exception
{
    public const string DefaultReason = "poison-message";

    public PoisonMessageException()
        : this(DefaultReason, "The message cannot be handled.")
    {
    }

    public PoisonMessageException(string message)
        : this(DefaultReason, message)
    {
    }

    public PoisonMessageException(string message, Exception innerException)
        : this(DefaultReason, message, innerException)
    {
    }

    public PoisonMessageException(string reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Reason = reason;
    }

    /// <summary>Machine-readable, stable reason such as <c>missing-session-id</c>.</summary>
    public string Reason { get; }
}
