using Streaming.Core.Catalog;
using Streaming.IntentWorker.Grounding;
using Streaming.IntentWorker.Prompting;

namespace Streaming.IntentWorker.Providers;

/// <summary>
/// The offline default: a heuristic, not a language model. It answers in the LLM's format with candidates only:
/// <list type="bullet">
/// <item>explicit picks: candidates the session already holds, best ranked first, at most <see cref="MaxExplicit"/>;</item>
/// <item>latent picks: other candidates with an affinity to the session, by affinity × rank weight, at most
/// <see cref="MaxLatent"/>. Affinity = Jaccard overlap of the candidate's categories with the session's + 1 when its
/// brand is one of the session's + Jaccard overlap of normalised title words; rank weight = 1 / (1 + rank).</item>
/// </list>
/// Candidates without an affinity are never picked, so a session unlike all its candidates gets only explicit picks
/// (or none).
/// </summary>
public sealed class CatalogHeuristicProvider : IIntentProvider
{
    public const int MaxExplicit = 2;
    public const int MaxLatent = 3;

    public string Name => ProviderNames.Catalog;

    public string Model => "catalog-heuristic-v1";

    public bool IsLanguageModel => false;

    public Task<string> AskAsync(IntentQuestion question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        return Task.FromResult(string.Join("; ", Pick(question.SessionItems, question.Candidates).Select(item => PromptTemplate.OneLine(item.Title!))));
    }

    public static IEnumerable<CatalogItem> Pick(IReadOnlyList<CatalogItem> sessionItems, IReadOnlyList<CatalogItem> candidates)
    {
        ArgumentNullException.ThrowIfNull(sessionItems);
        ArgumentNullException.ThrowIfNull(candidates);
        var inSession = sessionItems.Select(item => item.ExternalId).ToHashSet(StringComparer.Ordinal);
        var categories = sessionItems.SelectMany(item => item.Categories).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var brands = sessionItems.Where(item => item.Brand is not null).Select(item => item.Brand!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var words = sessionItems.SelectMany(item => Words(item.Title)).ToHashSet(StringComparer.Ordinal);

        var named = candidates.Where(c => !string.IsNullOrWhiteSpace(c.Title)).ToList();
        var explicitPicks = named.Where(c => inSession.Contains(c.ExternalId)).Take(MaxExplicit);
        var latentPicks = named
            .Select((candidate, rank) => (candidate, rank))
            .Where(x => !inSession.Contains(x.candidate.ExternalId))
            .Select(x => (x.candidate, score: Affinity(x.candidate, categories, brands, words) / (1.0 + x.rank)))
            .Where(x => x.score > 0)
            .OrderByDescending(x => x.score)
            .Take(MaxLatent)
            .Select(x => x.candidate);
        return explicitPicks.Concat(latentPicks);
    }

    private static double Affinity(CatalogItem candidate, HashSet<string> categories, HashSet<string> brands, HashSet<string> words)
    {
        var affinity = Jaccard(candidate.Categories, categories, StringComparer.OrdinalIgnoreCase);
        if (candidate.Brand is not null && brands.Contains(candidate.Brand))
        {
            affinity += 1;
        }

        return affinity + Jaccard(Words(candidate.Title).ToList(), words, StringComparer.Ordinal);
    }

    private static double Jaccard(IReadOnlyCollection<string> items, HashSet<string> set, StringComparer comparer)
    {
        var distinct = items.Distinct(comparer).ToList();
        var shared = distinct.Count(set.Contains);
        var union = distinct.Count + set.Count - shared;
        return union == 0 ? 0 : (double)shared / union;
    }

    // Words of three letters or more: "no", "of" and sizes would make everything alike.
    private static IEnumerable<string> Words(string? title) =>
        IntentTitle.Normalize(title ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 2 && !w.All(char.IsAsciiDigit));
}
