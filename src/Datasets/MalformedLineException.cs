namespace Streaming.Core.Datasets;

/// <summary>Thrown when a malformed line is met and the <see cref="MalformedLineLog"/> treats them as fatal.</summary>
public sealed class MalformedLineException : Exception
{
    public MalformedLineException()
    {
    }

    public MalformedLineException(string message)
        : base(message)
    {
    }

    public MalformedLineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MalformedLineException(MalformedLine line)
        : base(line?.ToString())
    {
        Line = line;
    }

    public MalformedLine? Line { get; }
}
