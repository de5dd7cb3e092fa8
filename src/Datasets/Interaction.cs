namespace Streaming.Core.Datasets;

/// <summary>
/// One click of a dataset in the common form every source is normalised to before sessionisation.
/// <see cref="Time"/> is null when the source has no timestamps (never invented here);
/// <see cref="Sequence"/> orders the user's clicks that share a time (position in user, or line number).
/// </summary>
public sealed record Interaction(string UserId, string ItemId, DateTimeOffset? Time, long Sequence);
