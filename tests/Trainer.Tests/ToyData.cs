using Streaming.Core.Datasets.PaperSplits;

namespace Streaming.Trainer.Tests;

/// <summary>Generated sessions with a learnable rule: after item i comes item (i mod N) + 1.</summary>
internal static class ToyData
{
    public static List<PaperSample> Successor(int items, int count, int seed)
    {
        var random = new Random(seed);
        var samples = new List<PaperSample>(count);
        for (var s = 0; s < count; s++)
        {
            var length = random.Next(1, 6);
            var clicks = new int[length];
            clicks[0] = random.Next(1, items + 1);
            for (var i = 1; i < length; i++)
            {
                clicks[i] = (clicks[i - 1] % items) + 1;
            }

            samples.Add(new PaperSample(clicks, (clicks[^1] % items) + 1));
        }

        return samples;
    }

    public static List<PaperSample> Random(int items, int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => new PaperSample(
                Enumerable.Range(0, random.Next(1, 8)).Select(_ => random.Next(1, items + 1)).ToArray(),
                random.Next(1, items + 1)))
            .ToList();
    }
}
