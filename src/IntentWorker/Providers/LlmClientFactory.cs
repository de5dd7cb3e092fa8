using System.ClientModel;
using Azure.AI.OpenAI;
using Azure.Identity;
using OpenAI;

namespace Streaming.IntentWorker.Providers;

/// <summary>Builds the configured provider. Each LLM client is built once per process.</summary>
public static class LlmClientFactory
{
    public static IIntentProvider Create(string provider, LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return provider switch
        {
            ProviderNames.Catalog => new CatalogHeuristicProvider(),
            ProviderNames.OpenAICompatible => OpenAICompatible(options),
            ProviderNames.AzureOpenAI => AzureOpenAI(options),
            _ => throw new InvalidOperationException($"IntentWorker:Provider '{provider}' is not one of {string.Join(", ", ProviderNames.All)}"),
        };
    }

    private static ChatIntentProvider OpenAICompatible(LlmOptions options)
    {
        var endpoint = Required(options.Endpoint, "Endpoint");
        var model = Required(options.Model, "Model");
        var client = new OpenAIClient(
            // Local servers usually ignore the key, but the client insists on one.
            new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "no-key" : options.ApiKey),
            new OpenAIClientOptions
            {
                Endpoint = new Uri(endpoint),
                RetryPolicy = new BackoffRetryPolicy(options.MaxRetries, options.InitialBackoff, options.MaxBackoff),
                NetworkTimeout = options.AttemptTimeout,
            });
        return new ChatIntentProvider(client.GetChatClient(model), ProviderNames.OpenAICompatible, model, options);
    }

    private static ChatIntentProvider AzureOpenAI(LlmOptions options)
    {
        var endpoint = new Uri(Required(options.Endpoint, "Endpoint"));
        var deployment = Required(options.Model, "Model");
        var clientOptions = new AzureOpenAIClientOptions
        {
            RetryPolicy = new BackoffRetryPolicy(options.MaxRetries, options.InitialBackoff, options.MaxBackoff),
            NetworkTimeout = options.AttemptTimeout,
        };
        var client = string.IsNullOrEmpty(options.ApiKey)
            ? new AzureOpenAIClient(endpoint, new DefaultAzureCredential(), clientOptions)
            : new AzureOpenAIClient(endpoint, new ApiKeyCredential(options.ApiKey), clientOptions);
        return new ChatIntentProvider(client.GetChatClient(deployment), ProviderNames.AzureOpenAI, deployment, options);
    }

    private static string Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidOperationException($"IntentWorker:Llm:{name} is required for an LLM provider") : value;
}
