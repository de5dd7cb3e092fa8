namespace Streaming.Evaluator;

/// <summary>What became of an answer; every answer ends in exactly one of these.</summary>
public static class AnswerOutcome
{
    /// <summary>Scored against the next click, and issued before it.</summary>
    public const string Scored = "scored";

    /// <summary>Scored against the next click, but issued after it (the user had already moved on).</summary>
    public const string Late = "late";

    /// <summary>Replaced, before the next click, by a newer answer of the same kind for the same version.</summary>
    public const string Superseded = "superseded";

    /// <summary>Another answer of the same kind for the same version arrived after one was scored.</summary>
    public const string Repeated = "repeated";

    /// <summary>No next click within the session time-to-live: counted, never scored.</summary>
    public const string Unscored = "unscored";

    public static IReadOnlyList<string> All { get; } = [Scored, Late, Superseded, Repeated, Unscored];
}
