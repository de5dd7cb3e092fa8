using Streaming.Core.Datasets.PaperSplits;
using Streaming.Trainer.Training;

namespace Streaming.Trainer.Tests;

public sealed class ValidationSplitTests
{
    [Fact]
    public void Cut_moves_past_prefixes_of_the_same_session()
    {
        // Sessions [1 2 3 4] and [5 6 7] listed as prefixes, like a prefix-augmented split.
        List<PaperSample> samples =
        [
            new([1], 2), new([1, 2], 3), new([1, 2, 3], 4),
            new([5], 6), new([5, 6], 7),
        ];

        var (train, validation) = ValidationSplit.Carve(samples, 0.5);

        // 50% would cut after sample 2, inside the first session; the cut moves to sample 3.
        Assert.Equal(3, train.Count);
        Assert.Equal([5], validation[0].Items);
    }

    [Fact]
    public void Independent_samples_are_cut_at_the_fraction_and_zero_keeps_everything()
    {
        var samples = Enumerable.Range(1, 10).Select(i => new PaperSample([i], i + 1)).ToList();

        var (train, validation) = ValidationSplit.Carve(samples, 0.1);
        var (all, none) = ValidationSplit.Carve(samples, 0);

        Assert.Equal(9, train.Count);
        Assert.Single(validation);
        Assert.Equal(10, all.Count);
        Assert.Empty(none);
    }
}
