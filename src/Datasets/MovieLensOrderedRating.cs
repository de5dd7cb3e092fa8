namespace Streaming.Core.Datasets;

/// <summary>A rating without a timestamp, with its place in the user's time order (0 = oldest).</summary>
public sealed record MovieLensOrderedRating(int UserId, int MovieId, int Rating, int OrderInUser);
