using System.Buffers;
using System.Text.Json;

namespace Streaming.Core.Contracts;

/// <summary>Writes a click in the public wire form, with the event time as epoch milliseconds.</summary>
public static class ClickEventWriter
{
    public static byte[] Write(ClickEvent click)
    {
        ArgumentNullException.ThrowIfNull(click);
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", click.V);
            writer.WriteString("sessionId", click.SessionId);
            writer.WriteString("itemId", click.ItemId);
            writer.WriteNumber("timestamp", click.Timestamp.ToUnixTimeMilliseconds());
            if (click.EventId is not null)
            {
                writer.WriteString("eventId", click.EventId);
            }

            if (click.UserId is not null)
            {
                writer.WriteString("userId", click.UserId);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
