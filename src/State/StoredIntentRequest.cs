namespace Streaming.State;

/// <summary>The inputs a session's stored intents were inferred from: the session version, the candidate ids and the session's items.</summary>
public sealed record StoredIntentRequest(long SessionVersion, IReadOnlyList<string> CandidateIds, IReadOnlyList<string> ItemIds);
