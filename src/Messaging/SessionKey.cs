namespace Streaming.Messaging;

/// <summary>
/// The key rule of every session-scoped topic: the message key is the event's session id, so one session lives on
/// one partition (per-session order and offset idempotency rely on it).
/// </summary>
public static class SessionKey
{
    /// <summary>Null when <paramref name="key"/> is the session id, else the rejection.</summary>
    public static MessageRejection? Check(string? key, string? sessionId, string eventName)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            return new(MessageRejection.MissingField, $"a {eventName} needs a session id");
        }

        return string.Equals(key, sessionId, StringComparison.Ordinal)
            ? null
            : new(MessageRejection.KeyMismatch, $"the message key must be the session id '{sessionId}', not '{key}'");
    }
}
