using Streaming.Core.Catalog;
using Streaming.IntentWorker.Prompting;

namespace Streaming.IntentWorker.Providers;

/// <summary>What a provider is asked: the rendered prompt, and the session's items and candidates it was rendered from.</summary>
public sealed record IntentQuestion(IntentPrompt Prompt, IReadOnlyList<CatalogItem> SessionItems, IReadOnlyList<CatalogItem> Candidates);
