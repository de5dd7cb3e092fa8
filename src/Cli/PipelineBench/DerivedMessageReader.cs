using System.Text.Json;

namespace Streaming.Cli.PipelineBench;

/// <summary>
/// Reads only what the latency join needs from a pipeline event: the session id, its version (<c>version</c> in
/// <c>SessionUpdated</c>, <c>sessionVersion</c> elsewhere) and the version of the intents a recommendation used
/// (<c>intentsVersion</c>; null when absent or null). Everything else is skipped unparsed, so the observer keeps up.
/// </summary>
internal static class DerivedMessageReader
{
    public static bool TryRead(ReadOnlySpan<byte> json, out string session, out long version, out long? intentsVersion)
    {
        session = string.Empty;
        version = 0;
        intentsVersion = null;
        var hasVersion = false;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("sessionId"u8))
                {
                    reader.Read();
                    session = reader.GetString() ?? string.Empty;
                }
                else if (reader.ValueTextEquals("sessionVersion"u8) || reader.ValueTextEquals("version"u8))
                {
                    reader.Read();
                    hasVersion = reader.TryGetInt64(out version);
                }
                else if (reader.ValueTextEquals("intentsVersion"u8))
                {
                    reader.Read();
                    intentsVersion = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var used) ? used : null;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        return session.Length > 0 && hasVersion;
    }
}
