namespace Streaming.Core.Datasets;

/// <summary>One line of the official ML-1M <c>ratings.dat</c>: <c>UserID::MovieID::Rating::Timestamp</c> (epoch seconds).</summary>
public sealed record MovieLensRating(int UserId, int MovieId, int Rating, long Timestamp);
