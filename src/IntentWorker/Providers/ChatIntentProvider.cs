using OpenAI.Chat;

namespace Streaming.IntentWorker.Providers;

/// <summary>
/// An LLM behind the OpenAI chat-completions API: an OpenAI-compatible server (vLLM, llama.cpp, Ollama) or an Azure
/// OpenAI deployment. Timeouts per attempt and retries are the client's (see <see cref="LlmClientFactory"/>).
/// </summary>
public sealed class ChatIntentProvider(ChatClient client, string name, string model, LlmOptions options) : IIntentProvider
{
    public string Name => name;

    public string Model => model;

    public bool IsLanguageModel => true;

    public async Task<string> AskAsync(IntentQuestion question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        ChatMessage[] messages = [new SystemChatMessage(question.Prompt.System), new UserChatMessage(question.Prompt.User)];
        var settings = new ChatCompletionOptions
        {
            Temperature = options.Temperature,
            MaxOutputTokenCount = options.MaxOutputTokens,
        };
        var completion = await client.CompleteChatAsync(messages, settings, cancellationToken);
        return string.Concat(completion.Value.Content.Where(part => part.Kind == ChatMessageContentPartKind.Text).Select(part => part.Text));
    }
}
