namespace Streaming.Cli.Bootstrap;

/// <summary>What the bootstrap published and how its models and the popularity baseline did on the held-out samples (percent).</summary>
internal sealed record BootstrapResult(
    string Version,
    double CandidatesHr20,
    double CandidatesMrr20,
    double RankerHr20,
    double RankerMrr20,
    double PopularityHr20,
    double PopularityMrr20,
    TimeSpan Elapsed);
