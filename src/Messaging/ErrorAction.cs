namespace Streaming.Messaging;

/// <summary>What the consume loop does with a message whose handler failed.</summary>
public enum ErrorAction
{
    /// <summary>Retry the same message with capped exponential backoff until it succeeds or the loop stops.</summary>
    Retry,

    /// <summary>Send the message to <c>&lt;topic&gt;.dlq</c> at once and go on.</summary>
    DeadLetter,

    /// <summary>Retry up to <see cref="ErrorRule.MaxAttempts"/> attempts in all, then dead-letter.</summary>
    RetryThenDeadLetter,
}
