namespace Streaming.IntentWorker.Providers;

/// <summary>The values of <c>IntentWorker:Provider</c>.</summary>
public static class ProviderNames
{
    public const string Catalog = "catalog";
    public const string OpenAICompatible = "openai-compatible";
    public const string AzureOpenAI = "azure-openai";

    public static IReadOnlyList<string> All { get; } = [Catalog, OpenAICompatible, AzureOpenAI];
}
