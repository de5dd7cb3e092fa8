using Streaming.Core.Datasets;

namespace Streaming.Core.Sessions;

/// <summary>
/// Drops clicks on rarely clicked items before sessionisation (e.g. the paper's ML-1M keeps movies
/// with at least 5 ratings). One pass to count, one to filter; the input is materialised once.
/// </summary>
public static class ItemSupportFilter
{
    public static IReadOnlyList<Interaction> Apply(IEnumerable<Interaction> interactions, int minClicksPerItem)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        ArgumentOutOfRangeException.ThrowIfLessThan(minClicksPerItem, 1);
        var all = interactions as IReadOnlyList<Interaction> ?? interactions.ToList();
        if (minClicksPerItem == 1)
        {
            return all;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var interaction in all)
        {
            counts[interaction.ItemId] = counts.GetValueOrDefault(interaction.ItemId) + 1;
        }

        return all.Where(i => counts[i.ItemId] >= minClicksPerItem).ToList();
    }
}
