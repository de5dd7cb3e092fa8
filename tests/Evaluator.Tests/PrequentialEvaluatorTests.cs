using Microsoft.Extensions.Time.Testing;

namespace Streaming.Evaluator.Tests;

/// <summary>The evaluator's arithmetic and join rule on hand-built streams (the in-memory seam, no Kafka).</summary>
public sealed class PrequentialEvaluatorTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly PrequentialEvaluator _evaluator;

    public PrequentialEvaluatorTests() => _evaluator = new PrequentialEvaluator(Ttl, Window, _time);

    [Fact]
    public void An_answer_is_scored_against_the_click_that_makes_the_next_version()
    {
        // Ranks 2 (hit at 10 and 20), 12 (hit at 20 only) and absent.
        _evaluator.Observe(Answer("s1", 1, AnswerKind.Candidates, Items("a", "b", "c"), At(1)));
        _evaluator.Observe(Click("s1", 2, "b", At(2)));
        _evaluator.Observe(Answer("s2", 3, AnswerKind.Candidates, Items(Enumerable.Range(0, 11).Select(i => "x" + i).Append("t").ToArray()), At(1)));
        _evaluator.Observe(Click("s2", 4, "t", At(2)));
        _evaluator.Observe(Answer("s3", 1, AnswerKind.Candidates, Items("a"), At(1)));
        _evaluator.Observe(Click("s3", 2, "z", At(2)));
        // A click for another version than v + 1 does not score the answer for v.
        _evaluator.Observe(Answer("s4", 1, AnswerKind.Candidates, Items("a"), At(1)));
        _evaluator.Observe(Click("s4", 1, "a", At(0)));

        var total = _evaluator.Accuracy(AnswerKind.Candidates, total: true);
        Assert.Equal(3, total.Samples);
        Assert.Equal(100.0 / 3, total.HitRate10, 9);
        Assert.Equal(200.0 / 3, total.HitRate20, 9);
        Assert.Equal(100 * (1.0 / 2) / 3, total.Mrr10, 9);
        Assert.Equal(100 * ((1.0 / 2) + (1.0 / 12)) / 3, total.Mrr20, 9);
        Assert.Equal(100 * ((1 / Math.Log2(3)) + (1 / Math.Log2(13))) / 3, total.Ndcg20, 9);
        Assert.Equal(3, _evaluator.Outcomes(AnswerOutcome.Scored));
        Assert.Equal(1, _evaluator.Pending);
    }

    [Fact]
    public void Only_the_top_20_of_a_longer_list_counts()
    {
        var fifty = Enumerable.Range(0, 50).Select(i => "i" + i).ToArray();
        _evaluator.Observe(Answer("s", 1, AnswerKind.Candidates, fifty, At(1)));
        _evaluator.Observe(Click("s", 2, "i30", At(2)));

        var total = _evaluator.Accuracy(AnswerKind.Candidates, total: true);
        Assert.Equal(1, total.Samples);
        Assert.Equal(0, total.HitRate20);
    }

    [Fact]
    public void Out_of_order_arrival_is_joined_by_version_and_lateness_judged_by_the_producers_timestamps()
    {
        // The click arrives first but the answer was issued before it: on time.
        _evaluator.Observe(Click("s1", 2, "b", At(5)));
        _evaluator.Observe(Answer("s1", 1, AnswerKind.Immediate, Items("b"), At(4)));
        // The answer was issued after the click: scored, counted late.
        _evaluator.Observe(Click("s2", 2, "b", At(5)));
        _evaluator.Observe(Answer("s2", 1, AnswerKind.Immediate, Items("x", "b"), At(6)));
        // Answer first, then its next click, then an answer for the newer version whose click comes later.
        _evaluator.Observe(Answer("s3", 1, AnswerKind.Immediate, Items("c"), At(1)));
        _evaluator.Observe(Answer("s3", 2, AnswerKind.Immediate, Items("d"), At(3)));
        _evaluator.Observe(Click("s3", 3, "d", At(4)));
        _evaluator.Observe(Click("s3", 2, "c", At(2)));

        Assert.Equal(3, _evaluator.Outcomes(AnswerOutcome.Scored));
        Assert.Equal(1, _evaluator.Outcomes(AnswerOutcome.Late));
        var total = _evaluator.Accuracy(AnswerKind.Immediate, total: true);
        Assert.Equal(4, total.Samples);
        Assert.Equal(100, total.HitRate10);
        Assert.Equal(100 * (1 + 0.5 + 1 + 1) / 4, total.Mrr10, 9);
        Assert.Equal(0, _evaluator.Pending);
    }

    [Fact]
    public void Of_repeated_answers_for_one_version_the_newest_before_the_next_click_is_scored()
    {
        _evaluator.Observe(Answer("s", 4, AnswerKind.Immediate, Items("miss"), At(1)));
        _evaluator.Observe(Answer("s", 4, AnswerKind.Immediate, Items("hit"), At(2)));
        // Issued after the click but arrived before it: not what the user saw.
        _evaluator.Observe(Answer("s", 4, AnswerKind.Immediate, Items("miss"), At(9)));
        _evaluator.Observe(Click("s", 5, "hit", At(5)));
        // Arrives after the version was scored.
        _evaluator.Observe(Answer("s", 4, AnswerKind.Immediate, Items("hit"), At(3)));

        var total = _evaluator.Accuracy(AnswerKind.Immediate, total: true);
        Assert.Equal(1, total.Samples);
        Assert.Equal(100, total.HitRate20);
        Assert.Equal(1, _evaluator.Outcomes(AnswerOutcome.Scored));
        Assert.Equal(1, _evaluator.Outcomes(AnswerOutcome.Superseded));
        Assert.Equal(2, _evaluator.Outcomes(AnswerOutcome.Repeated));
        Assert.Equal(0, _evaluator.Outcomes(AnswerOutcome.Late));
    }

    [Fact]
    public void Only_late_answers_for_a_version_score_the_first_one_issued_as_late()
    {
        _evaluator.Observe(Answer("s", 1, AnswerKind.Refined, Items("hit"), At(7)));
        _evaluator.Observe(Answer("s", 1, AnswerKind.Refined, Items("miss"), At(8)));
        _evaluator.Observe(Click("s", 2, "hit", At(5)));

        Assert.Equal(1, _evaluator.Outcomes(AnswerOutcome.Late));
        Assert.Equal(1, _evaluator.Outcomes(AnswerOutcome.Repeated));
        Assert.Equal(100, _evaluator.Accuracy(AnswerKind.Refined, total: true).HitRate20);
    }

    [Fact]
    public void Answers_of_a_session_that_never_clicks_again_are_counted_after_the_ttl_never_scored()
    {
        _evaluator.Observe(Click("quiet", 1, "a", At(0)));
        _evaluator.Observe(Answer("quiet", 1, AnswerKind.Candidates, Items("b"), At(1)));
        _evaluator.Observe(Answer("quiet", 1, AnswerKind.Immediate, Items("b"), At(1)));

        _time.Advance(Ttl - TimeSpan.FromSeconds(1));
        _evaluator.Expire();
        Assert.Equal(2, _evaluator.Pending);
        Assert.Equal(0, _evaluator.Outcomes(AnswerOutcome.Unscored));

        _time.Advance(TimeSpan.FromSeconds(1));
        _evaluator.Expire();
        Assert.Equal(0, _evaluator.Pending);
        Assert.Equal(0, _evaluator.Sessions);
        Assert.Equal(1, _evaluator.Outcomes(AnswerOutcome.Unscored, AnswerKind.Candidates));
        Assert.Equal(1, _evaluator.Outcomes(AnswerOutcome.Unscored, AnswerKind.Immediate));
        Assert.Equal(0, _evaluator.Accuracy(AnswerKind.Candidates, total: true).Samples);
    }

    [Fact]
    public void A_session_started_afresh_by_ingest_leaves_its_old_answers_unscored()
    {
        _evaluator.Observe(Click("s", 3, "a", At(0)));
        _evaluator.Observe(Answer("s", 3, AnswerKind.Candidates, Items("b"), At(1)));
        // The live session expired and the id clicked again: version 1, not the awaited 4.
        _evaluator.Observe(Click("s", 1, "b", At(2)));
        _evaluator.Observe(Answer("s", 1, AnswerKind.Candidates, Items("c"), At(3)));
        _evaluator.Observe(Click("s", 2, "c", At(4)));

        Assert.Equal(1, _evaluator.Outcomes(AnswerOutcome.Unscored));
        var total = _evaluator.Accuracy(AnswerKind.Candidates, total: true);
        Assert.Equal(1, total.Samples);
        Assert.Equal(100, total.HitRate10);
    }

    [Fact]
    public void Refined_answers_are_scored_apart_from_immediate_ones_and_per_model_version()
    {
        Assert.Equal(AnswerKind.Refined, AnswerKind.OfRecommendation(sessionVersion: 3, intentsVersion: 3));
        Assert.Equal(AnswerKind.Immediate, AnswerKind.OfRecommendation(sessionVersion: 3, intentsVersion: 2));
        Assert.Equal(AnswerKind.Immediate, AnswerKind.OfRecommendation(sessionVersion: 3, intentsVersion: null));

        _evaluator.Observe(Answer("s", 3, AnswerKind.Candidates, Items("x", "y", "next"), At(1), "v000001"));
        _evaluator.Observe(Answer("s", 3, AnswerKind.Immediate, Items("x", "next"), At(1), "v000002"));
        _evaluator.Observe(Answer("s", 3, AnswerKind.Refined, Items("next"), At(2), "v000002"));
        _evaluator.Observe(Answer("t", 1, AnswerKind.Immediate, Items("next"), At(1), "v000001"));
        _evaluator.Observe(Click("s", 4, "next", At(3)));
        _evaluator.Observe(Click("t", 2, "next", At(3)));

        Assert.Equal(100.0 / 3, _evaluator.Accuracy(AnswerKind.Candidates, total: true).Mrr20, 9);
        Assert.Equal(75, _evaluator.Accuracy(AnswerKind.Immediate, total: true).Mrr20, 9);
        Assert.Equal(100, _evaluator.Accuracy(AnswerKind.Refined, total: true).Mrr20, 9);
        var table = _evaluator.AccuracyTable();
        var immediateV2 = Assert.Single(table, f => f.Kind == AnswerKind.Immediate && f.ModelVersion == "v000002" && f.Scope == AccuracyFigures.TotalScope);
        Assert.Equal(1, immediateV2.Samples);
        Assert.Equal(50, immediateV2.Mrr20, 9);
        var immediateV1 = Assert.Single(table, f => f.Kind == AnswerKind.Immediate && f.ModelVersion == "v000001" && f.Scope == AccuracyFigures.TotalScope);
        Assert.Equal(100, immediateV1.Mrr20, 9);
        Assert.Equal("v000001", _evaluator.LatestModel(AnswerKind.Immediate));
    }

    [Fact]
    public void The_window_forgets_old_samples_while_the_total_keeps_them()
    {
        _evaluator.Observe(Answer("s", 1, AnswerKind.Candidates, Items("hit"), At(1)));
        _evaluator.Observe(Click("s", 2, "hit", At(2)));
        Assert.Equal(1, _evaluator.Accuracy(AnswerKind.Candidates).Samples);

        _time.Advance(Window + TimeSpan.FromSeconds(11));
        _evaluator.Observe(Answer("s", 2, AnswerKind.Candidates, Items("miss"), At(3)));
        _evaluator.Observe(Click("s", 3, "other", At(4)));

        var window = _evaluator.Accuracy(AnswerKind.Candidates);
        Assert.Equal(1, window.Samples);
        Assert.Equal(0, window.HitRate20);
        var total = _evaluator.Accuracy(AnswerKind.Candidates, total: true);
        Assert.Equal(2, total.Samples);
        Assert.Equal(50, total.HitRate20);
    }

    private static DateTimeOffset At(int second) => Start.AddSeconds(second);

    private static string[] Items(params string[] items) => items;

    private static Answer Answer(string session, long version, string kind, string[] items, DateTimeOffset issuedAt, string model = "v000001") =>
        new(session, version, kind, model, items, issuedAt);

    private static SessionClick Click(string session, long version, string item, DateTimeOffset appliedAt) => new(session, version, item, appliedAt);
}
