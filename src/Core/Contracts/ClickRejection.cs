namespace Streaming.Core.Contracts;

/// <summary>Why a message is not a valid click: a stable machine-readable code and a human message.</summary>
public sealed record ClickRejection(string Code, string Message)
{
    public const string InvalidJson = "invalid-json";
    public const string TooLarge = "too-large";
    public const string UnsupportedVersion = "unsupported-version";
    public const string MissingField = "missing-field";
    public const string WrongType = "wrong-type";
    public const string IdTooLong = "id-too-long";
    public const string InvalidId = "invalid-id";
    public const string InvalidTimestamp = "invalid-timestamp";
    public const string TimestampOutOfRange = "timestamp-out-of-range";

    public override string ToString() => $"{Code}: {Message}";
}
