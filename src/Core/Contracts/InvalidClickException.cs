namespace Streaming.Core.Contracts;

/// <summary>A message that can never become a valid click; consumers dead-letter it with <see cref="Rejection"/>.</summary>
public sealed class InvalidClickException : Exception
{
    public InvalidClickException(ClickRejection rejection)
        : base(rejection.ToString()) => Rejection = rejection;

    public InvalidClickException()
        : this(new ClickRejection(ClickRejection.InvalidJson, "invalid click"))
    {
    }

    public InvalidClickException(string message)
        : this(new ClickRejection(ClickRejection.InvalidJson, message))
    {
    }

    public InvalidClickException(string message, Exception innerException)
        : base(message, innerException) => Rejection = new ClickRejection(ClickRejection.InvalidJson, message);

    public ClickRejection Rejection { get; }
}
