namespace Streaming.IntentWorker.Prompting;

/// <summary>A rendered prompt: the system message, the user message and the template version that made them.</summary>
public sealed record IntentPrompt(string Version, string System, string User);
