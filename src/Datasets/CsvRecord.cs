namespace Streaming.Core.Datasets;

/// <summary>One CSV record: its fields and the line it starts on (1-based).</summary>
public sealed record CsvRecord(long LineNumber, string[] Fields);
