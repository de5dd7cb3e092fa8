namespace Streaming.Core.Models;

/// <summary>
/// What a model was trained on: a source (e.g. <c>paper-split:ml-1m</c> or <c>clicks</c>), the event-time
/// window when there is one, and the number of training samples.
/// </summary>
public sealed record DataWindow(string Source, DateTimeOffset? From = null, DateTimeOffset? To = null, long? Samples = null);
