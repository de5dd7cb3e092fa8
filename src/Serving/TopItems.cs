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
}
