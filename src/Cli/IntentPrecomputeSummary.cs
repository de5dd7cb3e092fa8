using Streaming.IntentWorker.Batch;

namespace Streaming.Cli;

/// <summary>What an intent precompute did: the samples written, its rate, and intents dropped or missing.</summary>
internal sealed record IntentPrecomputeSummary(PrecomputeProgress Done, double SamplesPerSecond, long DroppedNotACandidate, long FailedWithoutGroundedIntents);
