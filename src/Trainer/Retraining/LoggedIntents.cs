namespace Streaming.Trainer.Retraining;

/// <summary>
/// One <c>IntentsInferred</c> as the trainer keeps it: the session version it was inferred for, that version's click
/// time, who inferred it (provider, prompt version) and the grounded titles of each group.
/// </summary>
public sealed record LoggedIntents(
    string SessionId,
    long Version,
    DateTimeOffset ClickTime,
    string Provider,
    string PromptVersion,
    IReadOnlyList<string> ExplicitTitles,
    IReadOnlyList<string> LatentTitles)
{
    /// <summary>Provider and prompt version together: intents of one source only are used in one round.</summary>
    public string Source => Provider + "/" + PromptVersion;
}
