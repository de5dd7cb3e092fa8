using Streaming.Core.Evaluation;

namespace Streaming.Core.Tests.Evaluation;

public sealed class RankingMetricsTests
{
    [Fact]
    public void Rank_from_scores_counts_strictly_greater_scores()
    {
        float[] scores = [0.1f, 0.5f, 0.5f, 0.2f];

        Assert.Equal(1, TargetRank.FromScores(scores, 2));
        Assert.Equal(1, TargetRank.FromScores(scores, 1));
        Assert.Equal(3, TargetRank.FromScores(scores, 3));
        Assert.Equal(4, TargetRank.FromScores(scores, 0));
        Assert.Equal(0, TargetRank.FromScores(scores, 4));
        Assert.Equal(0, TargetRank.FromScores(scores, -1));
    }

    [Fact]
    public void Rank_from_list_is_the_position_or_zero_when_absent()
    {
        int[] ranked = [4, 8, 1];

        Assert.Equal(2, TargetRank.FromRankedList(ranked, 8));
        Assert.Equal(0, TargetRank.FromRankedList(ranked, 5));
        Assert.Equal(3, TargetRank.FromRankedList([4L, 8, 1], 1L));
    }

    [Fact]
    public void Accumulator_averages_hand_computed_values()
    {
        var accumulator = new RankingAccumulator();
        foreach (var rank in new[] { 1, 3, 0, 7, 12 })
        {
            accumulator.Add(rank);
        }

        Assert.Equal(5, accumulator.Count);
        Assert.Equal(2.0 / 5, accumulator.HitRate(5), 12);
        Assert.Equal(3.0 / 5, accumulator.HitRate(10), 12);
        Assert.Equal(4.0 / 5, accumulator.HitRate(20), 12);
        Assert.Equal((1 + (1.0 / 3)) / 5, accumulator.Mrr(5), 12);
        Assert.Equal((1 + (1.0 / 3) + (1.0 / 7)) / 5, accumulator.Mrr(10), 12);
        Assert.Equal((1 + (1.0 / 3) + (1.0 / 7) + (1.0 / 12)) / 5, accumulator.Mrr(20), 12);
        Assert.Equal((1 + 0.5) / 5, accumulator.Ndcg(5), 12);
        Assert.Equal((1 + 0.5 + (1 / 3.0)) / 5, accumulator.Ndcg(10), 12);
        Assert.Equal(0.3, accumulator.ToDictionary()["NDCG@5"], 12);
    }

    [Fact]
    public void A_list_shorter_than_K_counts_a_hit_and_an_absent_target_counts_zero()
    {
        var accumulator = new RankingAccumulator();

        accumulator.AddRankedList([4, 8], 8);
        accumulator.AddRankedList([4, 8], 5);

        Assert.Equal(0.5, accumulator.HitRate(20));
        Assert.Equal(0.25, accumulator.Mrr(20));
        Assert.Equal(0.5, accumulator.HitRate(5));
    }

    [Fact]
    public void Tied_target_takes_the_best_place()
    {
        var accumulator = new RankingAccumulator([1]);

        accumulator.AddScores([0.3f, 0.9f, 0.9f], 2);

        Assert.Equal(1.0, accumulator.HitRate(1));
    }

    [Fact]
    public void Merge_equals_adding_everything_to_one_accumulator()
    {
        var left = new RankingAccumulator();
        var right = new RankingAccumulator();
        var all = new RankingAccumulator();
        foreach (var rank in new[] { 2, 0, 6 })
        {
            left.Add(rank);
            all.Add(rank);
        }

        foreach (var rank in new[] { 1, 15 })
        {
            right.Add(rank);
            all.Add(rank);
        }

        left.Merge(right);

        foreach (var (name, value) in all.ToDictionary())
        {
            Assert.Equal(value, left.ToDictionary()[name], 12);
        }

        Assert.Equal(5, left.Count);
    }

    [Fact]
    public void Empty_accumulator_reports_zero_and_unknown_cutoff_throws()
    {
        var accumulator = new RankingAccumulator();

        Assert.Equal(0, accumulator.HitRate(20));
        Assert.Throws<ArgumentOutOfRangeException>(() => accumulator.Mrr(7));
        Assert.Throws<ArgumentException>(() => new RankingAccumulator([5, 5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => accumulator.Add(-1));
    }
}
