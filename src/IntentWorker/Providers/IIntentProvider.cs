namespace Streaming.IntentWorker.Providers;

/// <summary>
/// Answers an <see cref="IntentQuestion"/> with text in the prompt's format (intents separated by semicolons); the
/// grounder then decides what counts. Throws when no answer could be had (the session then gets no intents).
/// </summary>
public interface IIntentProvider
{
    /// <summary>The configured provider name: <c>catalog</c>, <c>openai-compatible</c> or <c>azure-openai</c>.</summary>
    string Name { get; }

    /// <summary>The model or deployment (part of the answer cache key).</summary>
    string Model { get; }

    /// <summary>False for the offline heuristic: its answers are not cached and it has no budget.</summary>
    bool IsLanguageModel { get; }

    Task<string> AskAsync(IntentQuestion question, CancellationToken cancellationToken);
}
