namespace Streaming.Evaluator;

/// <summary>The three answers a session version can get, scored separately.</summary>
public static class AnswerKind
{
    /// <summary>The candidate generator's list (topic <c>candidates</c>), cut to its top 20 for scoring.</summary>
    public const string Candidates = "candidates";

    /// <summary>The Ranker's answer without intents for this very version (<c>intentsVersion</c> null or older).</summary>
    public const string Immediate = "immediate";

    /// <summary>The Ranker's answer with intents inferred for this very version (<c>intentsVersion == sessionVersion</c>).</summary>
    public const string Refined = "refined";

    public static IReadOnlyList<string> All { get; } = [Candidates, Immediate, Refined];

    /// <summary>The kind of a Ranker answer, from the intents version it was ranked with.</summary>
    public static string OfRecommendation(long sessionVersion, long? intentsVersion) =>
        intentsVersion == sessionVersion ? Refined : Immediate;
}
