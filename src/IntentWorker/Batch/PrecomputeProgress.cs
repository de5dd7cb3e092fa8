namespace Streaming.IntentWorker.Batch;

/// <summary>Where a precompute run stands: samples done of the total, how many got intents, and how many were resumed.</summary>
public sealed record PrecomputeProgress(int Done, int Total, int WithIntents, int Resumed);
