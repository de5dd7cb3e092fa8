using Streaming.Core.Sessions;

namespace Streaming.Core.Tests.Sessions;

public sealed class PrefixAugmentationTests
{
    [Fact]
    public void Every_prefix_predicts_the_next_item_in_ascending_length()
    {
        var samples = PrefixAugmentation.Expand([5, 3, 9, 3]).ToList();
        Assert.Equal(3, samples.Count);
        Assert.Equal([5], samples[0].Prefix);
        Assert.Equal(3, samples[0].Target);
        Assert.Equal([5, 3, 9], samples[2].Prefix);
        Assert.Equal(3, samples[2].Target);
    }

    [Fact]
    public void Short_sessions_give_no_samples_and_last_gives_one()
    {
        Assert.Empty(PrefixAugmentation.Expand([7]));
        Assert.Null(PrefixAugmentation.Last([7]));
        var last = PrefixAugmentation.Last([1, 2, 3])!;
        Assert.Equal([1, 2], last.Prefix);
        Assert.Equal(3, last.Target);
    }
}
