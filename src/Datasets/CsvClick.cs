namespace Streaming.Core.Datasets;

/// <summary>One row of the generic click CSV: <c>session_id,item_id,timestamp[,title,categories]</c>.</summary>
public sealed record CsvClick(string SessionId, string ItemId, DateTimeOffset Timestamp, string? Title, IReadOnlyList<string> Categories);
