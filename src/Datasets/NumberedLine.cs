namespace Streaming.Core.Datasets;

/// <summary>One line of a text file and its 1-based line number.</summary>
public readonly record struct NumberedLine(long Number, string Text);
