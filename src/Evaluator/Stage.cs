using Streaming.Core.Contracts;

namespace Streaming.Evaluator;

/// <summary>The pipeline stages the evaluator watches: each is a topic, and answers are split by kind.</summary>
public static class Stage
{
    public const string Clicks = Topics.Clicks;
    public const string SessionUpdates = Topics.SessionUpdates;
    public const string Candidates = Topics.Candidates;
    public const string Intents = Topics.Intents;
    public const string Immediate = "recommendations:" + AnswerKind.Immediate;
    public const string Refined = "recommendations:" + AnswerKind.Refined;

    /// <summary>Stages in flow order.</summary>
    public static IReadOnlyList<string> All { get; } = [Clicks, SessionUpdates, Candidates, Intents, Immediate, Refined];
}
