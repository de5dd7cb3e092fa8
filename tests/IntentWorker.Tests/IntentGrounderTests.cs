using Streaming.IntentWorker.Grounding;

namespace Streaming.IntentWorker.Tests;

public sealed class IntentGrounderTests
{
    private static readonly Core.Catalog.ItemCatalog Catalog = TestCatalog.Create();
    private static readonly HashSet<string> Session = ["a1", "a2"];

    [Fact]
    public void Splits_matches_exactly_and_after_normalisation_and_classifies_by_session_membership()
    {
        var candidates = TestCatalog.Items(Catalog, "a3", "a1", "a4", "a7", "a5");
        var answer = "1. Night Repair Cream;  \"hydrating day-cream 50 ML.\" ; - creme brulee body lotion\nVitamin C Brightening Serum";

        var grounded = new IntentGrounder(new GroundingOptions()).Ground(answer, candidates, Session);

        Assert.Equal(["a1"], grounded.Explicit.Select(i => i.ExternalId));
        Assert.Equal(["a3", "a7", "a4"], grounded.Latent.Select(i => i.ExternalId));
        Assert.Equal(0, grounded.Dropped);
    }

    [Fact]
    public void Drops_and_counts_titles_that_are_not_candidates_and_deduplicates()
    {
        // a6 is in the catalog but not a candidate: naming it is a hallucination all the same.
        var candidates = TestCatalog.Items(Catalog, "a3", "a4");
        var answer = "Night Repair Cream; Magic Anti-Age Elixir; Matte Lipstick Ruby; night repair cream; Vitamin C Brightening Serum";

        var grounded = new IntentGrounder(new GroundingOptions()).Ground(answer, candidates, Session);

        Assert.Equal(["a3", "a4"], grounded.Latent.Select(i => i.ExternalId));
        Assert.Empty(grounded.Explicit);
        Assert.Equal(2, grounded.Dropped);
        Assert.Equal(1, grounded.Duplicates);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ;  ; ")]
    [InlineData("The user seems to like skin care products and might want something for the night.")]
    public void Free_text_or_empty_answers_ground_to_nothing(string answer)
    {
        var grounded = new IntentGrounder(new GroundingOptions()).Ground(answer, TestCatalog.Items(Catalog, "a3", "a4"), Session);

        Assert.True(grounded.IsEmpty);
        Assert.Equal(answer.Trim(' ', ';').Length > 0 ? 1 : 0, grounded.Dropped);
    }

    [Fact]
    public void Fuzzy_matching_is_off_by_default_and_takes_the_closest_title_above_the_threshold()
    {
        var candidates = TestCatalog.Items(Catalog, "a3", "a4");
        const string Answer = "Night Repair Cream for men; Vitamin C Serum";

        var strict = new IntentGrounder(new GroundingOptions()).Ground(Answer, candidates, Session);
        var fuzzy = new IntentGrounder(new GroundingOptions { FuzzyThreshold = 0.5 }).Ground(Answer, candidates, Session);

        Assert.True(strict.IsEmpty);
        Assert.Equal(["a3", "a4"], fuzzy.Latent.Select(i => i.ExternalId));
    }

    [Fact]
    public void A_title_shared_by_several_candidates_goes_to_the_one_in_the_session()
    {
        // a8 has a1's title, is ranked first, and is not in the session.
        var candidates = TestCatalog.Items(Catalog, "a8", "a1");

        var grounded = new IntentGrounder(new GroundingOptions()).Ground("Hydrating Day Cream 50 ml", candidates, Session);

        Assert.Equal(["a1"], grounded.Explicit.Select(i => i.ExternalId));
        Assert.Empty(grounded.Latent);
    }
}
