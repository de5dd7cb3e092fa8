namespace Streaming.Core.Datasets;

/// <summary>A line a reader could not use: where it is and why.</summary>
public sealed record MalformedLine(string File, long LineNumber, string Reason)
{
    public override string ToString() => $"{File}:{LineNumber}: {Reason}";
}
