namespace Streaming.Core.Datasets;

/// <summary>
/// One row of <c>beauty_5core_interactions.csv</c>. <see cref="Timestamp"/> is unixReviewTime (whole
/// days); <see cref="PosInUser"/> orders the user's clicks within a day.
/// </summary>
public sealed record BeautyInteraction(string UserId, string ItemId, long Timestamp, int UserIdx, int ItemIdx, int PosInUser);
