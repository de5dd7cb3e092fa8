using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Confluent.Kafka;

namespace Streaming.Messaging;

/// <summary>
/// Reads a JSON event with a source-generated <see cref="JsonTypeInfo{T}"/> and checks, in this order: valid UTF-8
/// (<c>invalid-encoding</c>, also for a lone surrogate escape such as <c>"\ud800"</c>), valid JSON
/// (<c>invalid-json</c>), an object (<c>invalid-event</c>), the event's own rule (its reason), and the key rule: the
/// message key must equal the event's session id (<c>missing-field</c> when it has none, <c>key-mismatch</c>
/// otherwise), since per-session order relies on one session living on one partition.
/// </summary>
/// <typeparam name="TEvent">The event type.</typeparam>
/// <param name="typeInfo">The event's source-generated JSON metadata.</param>
/// <param name="sessionId">The event's session id, which the message key must equal; null for events keyed otherwise.</param>
/// <param name="validate">The event's own rule: a rejection for a parsed event that is not valid, else null.</param>
public sealed class JsonEventReader<TEvent>(
    JsonTypeInfo<TEvent> typeInfo,
    Func<TEvent, string?>? sessionId,
    Func<TEvent, MessageRejection?>? validate = null) : IEventReader<TEvent>
{
    public bool TryRead(ConsumeResult<string?, byte[]> message, [NotNullWhen(true)] out TEvent? @event, [NotNullWhen(false)] out MessageRejection? rejection)
    {
        ArgumentNullException.ThrowIfNull(message);
        @event = default;
        rejection = Parse(message.Message.Value, out var parsed)
            ?? validate?.Invoke(parsed!)
            ?? (sessionId is null ? null : SessionKey.Check(message.Message.Key, sessionId(parsed!), typeof(TEvent).Name));
        if (rejection is not null)
        {
            return false;
        }

        @event = parsed!;
        return true;
    }

    private MessageRejection? Parse(byte[]? value, out TEvent? parsed)
    {
        parsed = default;
        if (value is null || !Utf8.IsValid(value))
        {
            return value is null
                ? new(MessageRejection.InvalidEvent, "the message has no value")
                : new(MessageRejection.InvalidEncoding, "the message is not valid UTF-8");
        }

        try
        {
            parsed = JsonSerializer.Deserialize(value, typeInfo);
        }
        catch (JsonException ex) when (ex.InnerException is InvalidOperationException inner && inner.Message.Contains("UTF-16", StringComparison.Ordinal))
        {
            // The reader decodes a string's escapes only when it reads it: a lone surrogate escape surfaces like this.
            return new(MessageRejection.InvalidEncoding, $"a string is not valid Unicode: {inner.Message}");
        }
        catch (JsonException ex)
        {
            return new(MessageRejection.InvalidJson, $"not a valid {typeof(TEvent).Name}: {ex.Message}");
        }

        return parsed is null ? new(MessageRejection.InvalidEvent, $"a {typeof(TEvent).Name} must be a JSON object, not null") : null;
    }
}
