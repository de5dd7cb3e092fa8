using Streaming.Core.Catalog;

namespace Streaming.IntentWorker.Grounding;

/// <summary>
/// Grounds an LLM answer in the candidate set. The answer is split on semicolons (and line breaks, which models use
/// for lists too); each piece is cleaned of list decoration and matched to a candidate title: exactly, then after
/// <see cref="IntentTitle.Normalize"/>, then (when enabled) by word overlap. Pieces that match no candidate are
/// dropped and counted; a candidate named twice counts once. When several candidates share a title, the one in the
/// session wins, else the best ranked. Explicit = the item is in the session, latent = it is not.
/// </summary>
public sealed class IntentGrounder(GroundingOptions options)
{
    private static readonly char[] Separators = [';', '\n', '\r'];

    public GroundedIntents Ground(string? answer, IReadOnlyList<CatalogItem> candidates, IReadOnlySet<string> sessionItemIds)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(sessionItemIds);
        var byTitle = new Dictionary<string, CatalogItem>(StringComparer.Ordinal);
        var byNormalized = new Dictionary<string, CatalogItem>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            if (string.IsNullOrWhiteSpace(candidate.Title))
            {
                continue;
            }

            Prefer(byTitle, candidate.Title.Trim(), candidate, sessionItemIds);
            Prefer(byNormalized, IntentTitle.Normalize(candidate.Title), candidate, sessionItemIds);
        }

        var explicitItems = new List<CatalogItem>();
        var latentItems = new List<CatalogItem>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var freeText = new List<string>();
        var freeTaken = new HashSet<string>(StringComparer.Ordinal);
        int dropped = 0, duplicates = 0;
        foreach (var piece in (answer ?? string.Empty).Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var text = IntentTitle.Clean(piece);
            if (text.Length == 0)
            {
                continue;
            }

            var match = Match(text, byTitle, byNormalized);
            if (match is null && options.KeepFreeText)
            {
                if (freeTaken.Add(IntentTitle.Normalize(text)))
                {
                    freeText.Add(text);
                }
                else
                {
                    duplicates++;
                }
            }
            else if (match is null)
            {
                dropped++;
            }
            else if (!taken.Add(match.ExternalId))
            {
                duplicates++;
            }
            else
            {
                (sessionItemIds.Contains(match.ExternalId) ? explicitItems : latentItems).Add(match);
            }
        }

        return new GroundedIntents(explicitItems, latentItems, dropped, duplicates) { FreeText = freeText };
    }

    private CatalogItem? Match(string text, Dictionary<string, CatalogItem> byTitle, Dictionary<string, CatalogItem> byNormalized)
    {
        if (byTitle.TryGetValue(text, out var exact))
        {
            return exact;
        }

        var normalized = IntentTitle.Normalize(text);
        if (byNormalized.TryGetValue(normalized, out var same))
        {
            return same;
        }

        if (options.FuzzyThreshold <= 0 || normalized.Length == 0)
        {
            return null;
        }

        var words = normalized.Split(' ').ToHashSet(StringComparer.Ordinal);
        CatalogItem? best = null;
        var bestScore = 0.0;
        foreach (var (title, candidate) in byNormalized)
        {
            var other = title.Split(' ');
            var shared = other.Distinct(StringComparer.Ordinal).Count(words.Contains);
            var union = words.Count + other.Distinct(StringComparer.Ordinal).Count() - shared;
            var score = union == 0 ? 0 : (double)shared / union;
            if (score > bestScore)
            {
                (best, bestScore) = (candidate, score);
            }
        }

        return bestScore >= options.FuzzyThreshold ? best : null;
    }

    // Candidates come best first, so the first one seen keeps its place unless a later one is in the session.
    private static void Prefer(Dictionary<string, CatalogItem> map, string key, CatalogItem candidate, IReadOnlySet<string> sessionItemIds)
    {
        if (key.Length == 0)
        {
            return;
        }

        if (!map.TryGetValue(key, out var existing)
            || (!sessionItemIds.Contains(existing.ExternalId) && sessionItemIds.Contains(candidate.ExternalId)))
        {
            map[key] = candidate;
        }
    }
}
