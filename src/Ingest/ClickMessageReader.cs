using System.Diagnostics.CodeAnalysis;
using Confluent.Kafka;
using Streaming.Core.Contracts;
using Streaming.Messaging;

namespace Streaming.Ingest;

/// <summary>
/// Reads a <c>clicks</c> message with the public schema's <see cref="ClickEventReader"/> (its rejection codes are the
/// dead-letter reasons) and the session key rule (<see cref="SessionKey"/>).
/// </summary>
public sealed class ClickMessageReader : IEventReader<ClickEvent>
{
    public bool TryRead(ConsumeResult<string?, byte[]> message, [NotNullWhen(true)] out ClickEvent? @event, [NotNullWhen(false)] out MessageRejection? rejection)
    {
        ArgumentNullException.ThrowIfNull(message);
        @event = null;
        if (!ClickEventReader.TryRead(message.Message.Value, out var click, out var invalid))
        {
            rejection = new MessageRejection(invalid!.Code, invalid.Message);
            return false;
        }

        rejection = SessionKey.Check(message.Message.Key, click.SessionId, nameof(ClickEvent));
        if (rejection is not null)
        {
            return false;
        }

        @event = click;
        return true;
    }
}
