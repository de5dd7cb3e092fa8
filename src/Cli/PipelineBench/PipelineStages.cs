namespace Streaming.Cli.PipelineBench;

/// <summary>Names and hop counts of <see cref="PipelineStage"/>, as written in results and docs.</summary>
internal static class PipelineStages
{
    /// <summary>The stages a click goes through (the floor is not one).</summary>
    public static IReadOnlyList<PipelineStage> OfClick { get; } =
        [PipelineStage.SessionUpdate, PipelineStage.CandidateList, PipelineStage.ImmediateAnswer, PipelineStage.Intents, PipelineStage.RefinedAnswer];

    public static string Name(PipelineStage stage) => stage switch
    {
        PipelineStage.SessionUpdate => "session-update",
        PipelineStage.CandidateList => "candidate-list",
        PipelineStage.ImmediateAnswer => "immediate-answer",
        PipelineStage.Intents => "intents",
        PipelineStage.RefinedAnswer => "refined-answer",
        PipelineStage.Floor => "floor",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };

    public static int Hops(PipelineStage stage) => stage switch
    {
        PipelineStage.SessionUpdate or PipelineStage.Floor => 1,
        PipelineStage.CandidateList => 2,
        PipelineStage.ImmediateAnswer or PipelineStage.Intents => 3,
        PipelineStage.RefinedAnswer => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };
}
