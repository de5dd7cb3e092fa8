namespace Streaming.Messaging;

/// <summary>Why a message is not a valid event: a stable, machine-readable reason (the <c>dlq-reason</c>) and a human message.</summary>
public sealed record MessageRejection(string Reason, string Message)
{
    public const string InvalidJson = "invalid-json";
    public const string InvalidEncoding = "invalid-encoding";
    public const string InvalidEvent = "invalid-event";
    public const string MissingField = "missing-field";
    public const string KeyMismatch = "key-mismatch";
}
