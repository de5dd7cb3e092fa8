using Streaming.Core.Contracts;

namespace Streaming.State;

/// <summary>A validated click and where it sits in the log (the idempotency key).</summary>
public sealed record ClickToApply(ClickEvent Click, int Partition, long Offset);
