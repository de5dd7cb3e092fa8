using Streaming.Cli.PipelineBench;

namespace Streaming.Cli.Tests;

/// <summary>The pipeline bench's arithmetic on hand-built CreateTimes: the join by session and version, shares, percentiles.</summary>
public sealed class LatencyJoinTests
{
    [Fact]
    public void Nearest_rank_percentiles_are_measured_values()
    {
        var latency = LatencyDistribution.Of(Enumerable.Range(1, 1000).Select(i => (double)i).Reverse());

        Assert.Equal(1000, latency.Count);
        Assert.Equal(500, latency.P50Ms);
        Assert.Equal(900, latency.P90Ms);
        Assert.Equal(990, latency.P99Ms);
        Assert.Equal(999, latency.P999Ms);
        Assert.Equal(1000, latency.MaxMs);
        Assert.Equal(20, LatencyDistribution.Of([10, 20, 30]).P50Ms);
        Assert.True(double.IsNaN(LatencyDistribution.Of([]).P99Ms));
    }

    [Fact]
    public void A_stage_latency_is_its_CreateTime_minus_the_CreateTime_of_the_click_with_the_same_session_and_version()
    {
        var join = new LatencyJoin();
        Assert.Equal(1, join.NextClick("a-1", 1_000));
        Assert.Equal(2, join.NextClick("a-1", 4_000));
        Assert.Equal(1, join.NextClick("a-2", 2_000));

        // Out of order, a re-delivery (the first one counts), and one whose click was never seen.
        join.Derived(PipelineStage.SessionUpdate, "a-1", 2, 4_030);
        join.Derived(PipelineStage.SessionUpdate, "a-1", 1, 1_010);
        join.Derived(PipelineStage.SessionUpdate, "a-2", 1, 2_020);
        join.Derived(PipelineStage.SessionUpdate, "a-2", 1, 9_999);
        join.Derived(PipelineStage.SessionUpdate, "a-3", 1, 5_000);
        join.Derived(PipelineStage.CandidateList, "a-1", 2, 4_100);

        var updates = join.Stage(PipelineStage.SessionUpdate);
        Assert.Equal(3, updates.Reached);
        Assert.Equal(1.0, updates.Share);
        Assert.Equal(1, updates.Unmatched);
        Assert.Equal(20, updates.Latency.P50Ms);
        Assert.Equal(30, updates.Latency.MaxMs);
        Assert.Equal(1, updates.Hops);

        var lists = join.Stage(PipelineStage.CandidateList);
        Assert.Equal(1, lists.Reached);
        Assert.Equal(1 / 3.0, lists.Share, 9);
        Assert.Equal(100, lists.Latency.P50Ms);
        Assert.Equal(0, join.Stage(PipelineStage.Intents).Reached);
    }

    [Fact]
    public void Sessions_with_two_clicks_count_as_refined_in_time_when_a_later_click_got_a_refined_answer_that_soon()
    {
        var join = new LatencyJoin();
        // s-1: click 2 refined after 800 ms. s-2: click 2 refined after 3 s, click 3 never. s-3: one click only.
        join.Click("s-1", 1, 0);
        join.Click("s-1", 2, 10_000);
        join.Click("s-2", 1, 0);
        join.Click("s-2", 2, 10_000);
        join.Click("s-2", 3, 20_000);
        join.Click("s-3", 1, 0);
        join.Derived(PipelineStage.RefinedAnswer, "s-1", 2, 10_800);
        join.Derived(PipelineStage.RefinedAnswer, "s-2", 2, 13_000);
        join.Derived(PipelineStage.RefinedAnswer, "s-3", 1, 100);

        var second = join.Refined(TimeSpan.FromSeconds(1));
        Assert.Equal(2, second.Sessions);
        Assert.Equal(0.5, second.SessionShare);
        Assert.Equal(3, second.Updates);
        Assert.Equal(1 / 3.0, second.UpdateShare, 9);

        var five = join.Refined(TimeSpan.FromSeconds(5));
        Assert.Equal(1.0, five.SessionShare);
        Assert.Equal(2 / 3.0, five.UpdateShare, 9);
    }

    [Fact]
    public void Latencies_over_time_are_bucketed_by_click_time()
    {
        var join = new LatencyJoin();
        join.Click("s-1", 1, 10_100);
        join.Click("s-1", 2, 10_900);
        join.Click("s-1", 3, 12_500);
        join.Derived(PipelineStage.ImmediateAnswer, "s-1", 1, 10_150);
        join.Derived(PipelineStage.ImmediateAnswer, "s-1", 2, 11_000);
        join.Derived(PipelineStage.ImmediateAnswer, "s-1", 3, 13_500);

        var buckets = join.OverTime(PipelineStage.ImmediateAnswer, originMs: 10_000, TimeSpan.FromSeconds(1));

        Assert.Equal([0.0, 2.0], buckets.Select(b => b.Second));
        Assert.Equal(2, buckets[0].Latency.Count);
        Assert.Equal(100, buckets[0].Latency.MaxMs);
        Assert.Equal(1_000, buckets[1].Latency.P50Ms);
    }

    [Fact]
    public void Only_the_join_fields_are_read_from_pipeline_events()
    {
        Assert.True(DerivedMessageReader.TryRead("""{"sessionId":"b-1","version":3,"clickTime":"2026-01-01T00:00:00Z","length":3,"v":1}"""u8, out var session, out var version, out var intents));
        Assert.Equal(("b-1", 3L, (long?)null), (session, version, intents));
        Assert.True(DerivedMessageReader.TryRead("""{"sessionId":"b-2","sessionVersion":7,"modelVersion":"v1","items":[{"itemId":"x","score":1.5}],"intentsVersion":6}"""u8, out session, out version, out intents));
        Assert.Equal(("b-2", 7L, (long?)6), (session, version, intents));
        Assert.True(DerivedMessageReader.TryRead("""{"sessionId":"b-2","sessionVersion":8,"items":[],"intentsVersion":null}"""u8, out _, out _, out intents));
        Assert.Null(intents);
        Assert.False(DerivedMessageReader.TryRead("""{"sessionId":"b-2"}"""u8, out _, out _, out _));
        Assert.False(DerivedMessageReader.TryRead("not json"u8, out _, out _, out _));
    }

    [Theory]
    [InlineData("1000,3000, 5000", new[] { 1000, 3000, 5000 })]
    [InlineData("max", new[] { -1 })]
    public void Rates_are_numbers_or_max(string text, int[] expected)
    {
        Assert.True(Commands.BenchPipelineCommand.TryParseRates(text, out var rates, out _));
        Assert.Equal(expected, rates.Select(r => r ?? -1));
        Assert.False(Commands.BenchPipelineCommand.TryParseRates("fast", out _, out var error));
        Assert.Contains("fast", error, StringComparison.Ordinal);
    }
}
