using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;

namespace Streaming.Core.Contracts;

/// <summary>
/// Reads the public click schema from UTF-8 JSON with a forward-only reader: no reflection, one pass,
/// and a precise <see cref="ClickRejection"/> for anything that is not a valid click.
/// Unknown properties are ignored so producers can add fields without breaking consumers;
/// when a property repeats, the last value wins (as in most JSON parsers).
/// </summary>
public static class ClickEventReader
{
    public static bool TryRead(ReadOnlySpan<byte> utf8Json, out ClickEvent click, out ClickRejection? rejection)
    {
        click = null!;
        if (utf8Json.Length > ClickEventRules.MaxMessageBytes)
        {
            rejection = new(ClickRejection.TooLarge, $"message is {utf8Json.Length} bytes; the limit is {ClickEventRules.MaxMessageBytes}");
            return false;
        }

        // Invalid bytes anywhere, even in a field this reader skips, make the message not a click.
        if (!Utf8.IsValid(utf8Json))
        {
            rejection = new(ClickRejection.InvalidEncoding, "the message is not valid UTF-8");
            return false;
        }

        try
        {
            return TryReadObject(utf8Json, out click, out rejection);
        }
        catch (JsonException ex)
        {
            rejection = new(ClickRejection.InvalidJson, $"not valid JSON: {ex.Message}");
            return false;
        }
        catch (InvalidOperationException ex)
        {
            // The reader checks a string's escapes only when it decodes it: a lone surrogate such as "\ud800" surfaces
            // here, from GetString, the one call in this reader that can throw it.
            rejection = new(ClickRejection.InvalidEncoding, $"a string is not valid Unicode: {ex.Message}");
            return false;
        }
    }

    /// <summary>Reads a click or throws <see cref="InvalidClickException"/> with the rejection.</summary>
    public static ClickEvent Read(ReadOnlySpan<byte> utf8Json) =>
        TryRead(utf8Json, out var click, out var rejection) ? click : throw new InvalidClickException(rejection!);

    private static bool TryReadObject(ReadOnlySpan<byte> utf8Json, out ClickEvent click, out ClickRejection? rejection)
    {
        click = null!;
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 16 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            rejection = new(ClickRejection.InvalidJson, "a click must be a JSON object");
            return false;
        }

        string? sessionId = null, itemId = null, eventId = null, userId = null;
        DateTimeOffset? timestamp = null;
        var version = ClickEventRules.CurrentVersion;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            rejection = name switch
            {
                "sessionId" => ReadId(ref reader, name, out sessionId),
                "itemId" => ReadId(ref reader, name, out itemId),
                "eventId" => ReadOptionalId(ref reader, name, out eventId),
                "userId" => ReadOptionalId(ref reader, name, out userId),
                "timestamp" => ReadTimestamp(ref reader, out timestamp),
                "v" => ReadVersion(ref reader, out version),
                _ => Skip(ref reader),
            };
            if (rejection is not null)
            {
                return false;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            rejection = new(ClickRejection.InvalidJson, "unexpected token after the click object's properties");
            return false;
        }

        // Trailing content after the object is not a click either.
        if (reader.Read())
        {
            rejection = new(ClickRejection.InvalidJson, "unexpected content after the click object");
            return false;
        }

        rejection = Missing(sessionId, "sessionId") ?? Missing(itemId, "itemId") ?? (timestamp is null ? MissingField("timestamp") : null);
        if (rejection is not null)
        {
            return false;
        }

        click = new ClickEvent(sessionId!, itemId!, timestamp!.Value, eventId, userId) { V = version };
        return true;
    }

    private static ClickRejection? Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    private static ClickRejection? Missing(string? value, string name) => value is null ? MissingField(name) : null;

    private static ClickRejection MissingField(string name) => new(ClickRejection.MissingField, $"'{name}' is required");

    private static ClickRejection? ReadOptionalId(ref Utf8JsonReader reader, string name, out string? value)
    {
        value = null;
        return reader.TokenType == JsonTokenType.Null ? null : ReadId(ref reader, name, out value);
    }

    private static ClickRejection? ReadId(ref Utf8JsonReader reader, string name, out string? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Number)
        {
            // Numeric ids are common in exported logs; accept them as their literal text.
            value = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
        }
        else if (reader.TokenType == JsonTokenType.String)
        {
            value = reader.GetString();
        }
        else
        {
            return new(ClickRejection.WrongType, $"'{name}' must be a string, not {reader.TokenType}");
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            return new(ClickRejection.InvalidId, $"'{name}' must not be empty");
        }

        if (value.Length > ClickEventRules.MaxIdLength)
        {
            return new(ClickRejection.IdTooLong, $"'{name}' has {value.Length} characters; the limit is {ClickEventRules.MaxIdLength}");
        }

        if (value.Any(char.IsControl))
        {
            return new(ClickRejection.InvalidId, $"'{name}' contains control characters");
        }

        return null;
    }

    private static ClickRejection? ReadVersion(ref Utf8JsonReader reader, out int version)
    {
        version = 0;
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out version))
        {
            return new(ClickRejection.WrongType, "'v' must be an integer");
        }

        return version == ClickEventRules.CurrentVersion
            ? null
            : new(ClickRejection.UnsupportedVersion, $"schema version {version} is not supported (this build reads v{ClickEventRules.CurrentVersion})");
    }

    private static ClickRejection? ReadTimestamp(ref Utf8JsonReader reader, out DateTimeOffset? timestamp)
    {
        timestamp = null;
        DateTimeOffset value;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (!reader.TryGetInt64(out var millis) || millis < -62_135_596_800_000L || millis > 253_402_300_799_999L)
                {
                    return new(ClickRejection.InvalidTimestamp, "'timestamp' as a number must be whole epoch milliseconds");
                }

                value = DateTimeOffset.FromUnixTimeMilliseconds(millis);
                break;
            case JsonTokenType.String:
                // ISO-8601; a time without an offset is taken as UTC rather than the server's local zone.
                if (!DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture,
                        DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value))
                {
                    return new(ClickRejection.InvalidTimestamp, "'timestamp' is not an ISO-8601 date-time");
                }

                break;
            default:
                return new(ClickRejection.WrongType, $"'timestamp' must be ISO-8601 text or epoch milliseconds, not {reader.TokenType}");
        }

        if (value < ClickEventRules.MinTimestamp || value >= ClickEventRules.MaxTimestamp)
        {
            return new(ClickRejection.TimestampOutOfRange,
                $"'timestamp' {value:O} is outside [{ClickEventRules.MinTimestamp:yyyy-MM-dd}, {ClickEventRules.MaxTimestamp:yyyy-MM-dd})");
        }

        timestamp = value;
        return null;
    }
}
