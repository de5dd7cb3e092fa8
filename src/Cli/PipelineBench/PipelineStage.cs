namespace Streaming.Cli.PipelineBench;

/// <summary>
/// Where a click's effects show up in Kafka, in flow order, and how many produce→consume hops each is from the click
/// (so a stage can be compared with the floor times its hops). <see cref="Floor"/> is the bare hop itself.
/// </summary>
internal enum PipelineStage
{
    /// <summary><c>session-updates</c>: Ingest applied the click (1 hop).</summary>
    SessionUpdate,

    /// <summary><c>candidates</c>: the SR-GNN top-K for that version (2 hops).</summary>
    CandidateList,

    /// <summary><c>recommendations</c>: the Ranker's first answer for the version, with whatever intents were stored (3 hops).</summary>
    ImmediateAnswer,

    /// <summary><c>intents</c>: the IntentWorker's grounded intents (3 hops).</summary>
    Intents,

    /// <summary><c>recommendations</c> ranked with the intents of this very version (<c>intentsVersion</c> = version): the refined answer (4 hops).</summary>
    RefinedAnswer,

    /// <summary>The echo of a probe on a bare consumer that only produces it again (1 hop).</summary>
    Floor,
}
