namespace Streaming.Core.Datasets;

/// <summary>The file format a <see cref="DatasetSource"/> reads its clicks from.</summary>
public enum DatasetFormat
{
    /// <summary>ML-1M <c>ratings.dat</c> (<c>::</c>, real timestamps).</summary>
    MovieLensRatings,

    /// <summary>ML-1M <c>ratings_no_timestamp.csv</c> (user order only).</summary>
    MovieLensOrderedRatings,

    /// <summary><c>user m1 m2 …</c> lines (user order only).</summary>
    UserSequences,

    /// <summary>Amazon 2014 <c>reviews_*.json[.gz]</c> (day timestamps).</summary>
    AmazonReviews,

    /// <summary><c>beauty_5core_interactions.csv</c> (day timestamps and pos_in_user).</summary>
    BeautyInteractions,

    /// <summary>Generic <c>session_id,item_id,timestamp[,title,categories]</c>.</summary>
    ClickCsv,
}
