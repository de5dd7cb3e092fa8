namespace Streaming.Core.Contracts;

/// <summary>Why a message is not a valid click: a stable machine-readable code and a human message.</summary>
public sealed record ClickRejection(string Code, string Message)
{
    public const string InvalidJson = "invalid-json";

    /// <summary>A string holds invalid UTF-8 bytes or a lone UTF-16 surrogate escape (<c>"\ud800"</c>).</summary>
    public const string InvalidEncoding = "invalid-encoding";
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
