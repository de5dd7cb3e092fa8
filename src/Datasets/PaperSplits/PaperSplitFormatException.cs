namespace Streaming.Core.Datasets.PaperSplits;

/// <summary>A malformed line in a paper-split file, with the file, the 1-based line number and why.</summary>
public sealed class PaperSplitFormatException : FormatException
{
    public PaperSplitFormatException()
    {
        FileName = string.Empty;
        Reason = string.Empty;
    }

    public PaperSplitFormatException(string message)
        : base(message)
    {
        FileName = string.Empty;
        Reason = message;
    }

    public PaperSplitFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        FileName = string.Empty;
        Reason = message;
    }

    public PaperSplitFormatException(string fileName, int lineNumber, string reason)
        : base($"{fileName}:{lineNumber}: {reason}")
    {
        FileName = fileName;
        LineNumber = lineNumber;
        Reason = reason;
    }

    public string FileName { get; }

    /// <summary>1-based line number; 0 when the problem concerns the whole file.</summary>
    public int LineNumber { get; }

    public string Reason { get; }
}
