namespace Streaming.Core.Datasets;

/// <summary>The fields we use of one Amazon 2014 review (<c>reviews_*.json</c>).</summary>
public sealed record AmazonReview(string ReviewerId, string Asin, long UnixReviewTime, double? Overall);
