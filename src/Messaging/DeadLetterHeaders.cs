namespace Streaming.Messaging;

/// <summary>Headers the consume loop adds to a dead-lettered message (all UTF-8 text), next to the original headers.</summary>
public static class DeadLetterHeaders
{
    /// <summary>Suffix of the dead-letter topic: <c>&lt;topic&gt;.dlq</c>.</summary>
    public const string TopicSuffix = ".dlq";

    /// <summary>Machine-readable reason (<see cref="PoisonMessageException.Reason"/> or the error rule's name).</summary>
    public const string Reason = "dlq-reason";
    public const string ExceptionType = "dlq-exception-type";
    public const string ExceptionMessage = "dlq-exception-message";
    public const string SourceTopic = "dlq-source-topic";
    public const string SourcePartition = "dlq-source-partition";
    public const string SourceOffset = "dlq-source-offset";
    public const string ConsumerGroup = "dlq-consumer-group";

    /// <summary>When the message was dead-lettered, ISO-8601 UTC.</summary>
    public const string Time = "dlq-time";

    public static string TopicFor(string topic) => topic + TopicSuffix;
}
