namespace Streaming.Core.Contracts;

/// <summary>Kafka topic names. Every topic is keyed by session id unless noted.</summary>
public static class Topics
{
    public const string Clicks = "clicks";
    public const string SessionUpdates = "session-updates";
    public const string Candidates = "candidates";
    public const string Intents = "intents";
    public const string Recommendations = "recommendations";

    /// <summary>Model versions published by the Trainer; keyed by model name.</summary>
    public const string Models = "models";

    public const string DeadLetterSuffix = ".dlq";

    /// <summary>The topics the pipeline uses, in flow order.</summary>
    public static IReadOnlyList<string> Standard { get; } =
        [Clicks, SessionUpdates, Candidates, Intents, Recommendations, Models];

    /// <summary>The standard topics and their dead-letter topics.</summary>
    public static IEnumerable<string> StandardWithDeadLetters() =>
        Standard.SelectMany(topic => new[] { topic, DeadLetter(topic) });

    public static string DeadLetter(string topic) => topic + DeadLetterSuffix;
}
