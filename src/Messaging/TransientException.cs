namespace Streaming.Messaging;

/// <summary>Thrown by a handler for a failure that will pass (a dependency is down): the same message is retried.</summary>
public sealed class TransientException : Exception
{
    public TransientException()
    {
    }

    public TransientException(string message)
        : base(message)
    {
    }

    public TransientException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
