namespace Streaming.Core.Datasets.PaperSplits;

/// <summary>One row of <c>item_map.tsv</c>: the paper's id, the source id (ASIN or MovieID) and the title.</summary>
public sealed record PaperItem(int PaperId, string SourceId, string Title);
