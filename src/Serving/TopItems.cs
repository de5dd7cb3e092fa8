using Streaming.Core.Catalog;
using Streaming.Core.Contracts;

namespace Streaming.Serving;

/// <summary>
/// The best items of each session of a batch, best first: <see cref="Items"/> (1-based item indices)
/// and <see cref="Scores"/>, both [BatchSize, Width] row-major.
/// </summary>
public sealed class TopItems
{
    internal TopItems(int batchSize, int width, int[] items, float[] scores)
    {
        BatchSize = batchSize;
        Width = width;
        Items = items;
        Scores = scores;
    }

    public int BatchSize { get; }

    public int Width { get; }

    public int[] Items { get; }

    public float[] Scores { get; }

    /// <summary>The items of session <paramref name="row"/>, best first.</summary>
    public ReadOnlySpan<int> ItemsOf(int row) => Items.AsSpan(row * Width, Width);

    /// <summary>The scores of session <paramref name="row"/>, best first.</summary>
    public ReadOnlySpan<float> ScoresOf(int row) => Scores.AsSpan(row * Width, Width);

    /// <summary>
    /// The first <paramref name="limit"/> items of session <paramref name="row"/> as the catalog's external ids with their
    /// scores, best first (indices outside the catalog, such as padding, are left out): the list Candidates and the
    /// Ranker publish.
    /// </summary>
    public List<ScoredItem> ScoredItemsOf(int row, ItemCatalog catalog, int limit)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var items = ItemsOf(row);
        var scores = ScoresOf(row);
        var list = new List<ScoredItem>(Math.Min(limit, items.Length));
        for (var k = 0; k < items.Length && list.Count < limit; k++)
        {
            if (items[k] > 0 && items[k] <= catalog.Count)
            {
                list.Add(new ScoredItem(catalog[items[k]].ExternalId, scores[k]));
            }
        }

        return list;
    }
}
