using Streaming.Core.Catalog;
using Streaming.Core.Datasets;
using Streaming.Core.Sessions;
using Streaming.Trainer.Retraining;
using Streaming.Trainer.Training;

namespace Streaming.Trainer.Tests;

/// <summary>The join of hand-built click and intent streams: which intents each training sample gets.</summary>
public sealed class IntentJoinTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_prefix_takes_its_version_s_intents_or_the_newest_earlier_version_s_never_a_later_one()
    {
        var sessions = Sessions(("a", 5));
        var log = Log(
            Intents("a", 3, "A3"),
            Intents("a", 1, "A1"), // arrived late: after version 3's, still version 1's
            Intents("a", 5, "A5")); // inferred after the last click: no sample may see it

        var (versions, joined) = Join(sessions, log);

        // Prefixes of a end at versions 1..4 (their targets are clicks 2..5).
        Assert.Equal([1L, 2, 3, 4], versions);
        Assert.Equal(["A1", "A1", "A3", "A3"], joined.PerSample.Select(Title));
        Assert.Equal(4, joined.SamplesWithIntents);
        Assert.Equal(1.0, joined.Share);
    }

    [Fact]
    public void A_duplicated_record_counts_once_and_a_re_inference_of_a_version_replaces_it()
    {
        var sessions = Sessions(("a", 3));
        var log = Log(Intents("a", 1, "first"), Intents("a", 1, "first"), Intents("a", 2, "old"), Intents("a", 2, "new"));

        var (_, joined) = Join(sessions, log);

        Assert.Equal(["first", "new"], joined.PerSample.Select(Title));
        Assert.Equal(2, log.BySession["a"].Count);
        Assert.Equal(0, joined.UnmatchedRecords);
    }

    [Fact]
    public void Intents_of_an_expired_session_s_earlier_life_or_of_clicks_not_in_the_log_are_left_out()
    {
        var sessions = Sessions(("a", 3), ("b", 3));
        var log = Log(
            // The live session b expired and started again at version 1: its version 2 now stands for another click.
            Intents("b", 2, "B-other-life") with { ClickTime = T0.AddHours(5) },
            Intents("gone", 1, "G"), // a session whose clicks the trainer does not hold
            Intents("a", 7, "A7"), // a version the log has no click for
            Intents("a", 1, "A1"));

        var (_, joined) = Join(sessions, log);

        Assert.Equal(["A1", "A1", null, null], joined.PerSample.Select(Title));
        Assert.Equal(3, joined.UnmatchedRecords);
        Assert.Equal(0.5, joined.Share);
    }

    [Fact]
    public void Only_the_newest_record_s_provider_and_prompt_version_are_used()
    {
        var sessions = Sessions(("a", 3));
        var log = Log(Intents("a", 1, "v1-prompt") with { PromptVersion = "v1" }, Intents("a", 2, "v2-prompt") with { PromptVersion = "v2" });

        var (_, joined) = Join(sessions, log);

        Assert.Equal("catalog/v2", joined.Source);
        Assert.Equal([null, "v2-prompt"], joined.PerSample.Select(Title));
        Assert.Equal(1, joined.OtherSourceRecords);
    }

    [Fact]
    public void Samples_without_any_intents_stay_in()
    {
        var sessions = Sessions(("a", 4));

        var (versions, joined) = Join(sessions, IntentSnapshot.Empty);

        Assert.Equal(3, versions.Length);
        Assert.All(joined.PerSample, Assert.Null);
        Assert.Equal(0, joined.Share);
    }

    private static string? Title(LoggedIntents? intents) => intents?.ExplicitTitles.Single();

    // Session id -> clicks item0..item(n-1), one second apart; session ids start a minute apart.
    private static IReadOnlyList<Session> Sessions(params (string Id, int Clicks)[] specs)
    {
        var interactions = new List<Interaction>();
        for (var s = 0; s < specs.Length; s++)
        {
            for (var k = 0; k < specs[s].Clicks; k++)
            {
                interactions.Add(new Interaction(specs[s].Id, "item" + k, ClickTime(specs[s].Id, k + 1), interactions.Count));
            }
        }

        return Sessionizer.Sessionize(interactions, new SessionizerOptions { Boundary = SessionBoundary.PerUser, MaxLength = 50 });
    }

    private static DateTimeOffset ClickTime(string session, long version) => T0.AddMinutes(session[0] - 'a').AddSeconds(version);

    private static LoggedIntents Intents(string session, long version, string title) =>
        new(session, version, ClickTime(session, version), "catalog", "v2", [title], []);

    private static IntentSnapshot Log(params LoggedIntents[] records) => IntentSnapshot.From(records);

    private static (long[] Versions, IntentJoinResult Joined) Join(IReadOnlyList<Session> sessions, IntentSnapshot log)
    {
        var catalog = ItemCatalog.Build(sessions.SelectMany(s => s.Clicks).Select(c => c.ItemId), metadata: null);
        var (_, origins) = TemporalSplit.Samples(sessions, catalog);
        return ([.. origins.Select(o => o.Version)], IntentJoin.Join(sessions, origins, log));
    }
}
