using Streaming.Core.Contracts;

namespace Streaming.Ranker;

/// <summary>One event of the Ranker's subscription: a candidate list (topic <c>candidates</c>) or intents (topic <c>intents</c>).</summary>
public sealed record RankerInput(CandidatesGenerated? Candidates, IntentsInferred? Intents);
