using Streaming.IntentWorker.Grounding;
using Streaming.IntentWorker.Prompting;
using Streaming.IntentWorker.Providers;

namespace Streaming.IntentWorker.Tests;

public sealed class CatalogHeuristicProviderTests
{
    [Fact]
    public async Task Returns_only_candidates_and_splits_them_into_session_and_related_items()
    {
        var catalog = TestCatalog.Create();
        var session = TestCatalog.Items(catalog, "a1", "a2");
        var candidates = TestCatalog.Items(catalog, "a5", "a10", "a1", "a6", "a3", "a9", "a4", "a11");
        var provider = new CatalogHeuristicProvider();
        var prompt = PromptTemplate.V1.Render([.. session.Select(i => i.Title!)], [.. candidates.Select(i => i.Title ?? "")]);

        var answer = await provider.AskAsync(new IntentQuestion(prompt, session, candidates), TestContext.Current.CancellationToken);
        var grounded = new IntentGrounder(new GroundingOptions()).Ground(answer, candidates, session.Select(i => i.ExternalId).ToHashSet());

        Assert.False(provider.IsLanguageModel);
        Assert.Equal(0, grounded.Dropped);
        Assert.Equal(["a1"], grounded.Explicit.Select(i => i.ExternalId));
        // Skin care of the session's brand first; electronics and lipstick share nothing with the session.
        Assert.Equal(["a3", "a9", "a4"], grounded.Latent.Select(i => i.ExternalId));
    }

    [Fact]
    public void On_a_generated_catalog_every_pick_is_a_candidate_and_the_split_follows_the_session()
    {
        var catalog = SentenceEncoderTests.GeneratedCatalog(60);
        var random = new Random(7);
        for (var trial = 0; trial < 200; trial++)
        {
            var session = catalog.Items.OrderBy(_ => random.Next()).Take(random.Next(1, 6)).ToArray();
            var candidates = catalog.Items.OrderBy(_ => random.Next()).Take(random.Next(0, 20)).ToArray();

            var picks = CatalogHeuristicProvider.Pick(session, candidates).ToList();

            Assert.All(picks, p => Assert.Contains(p, candidates));
            var explicitPicks = picks.Where(p => session.Contains(p)).ToList();
            Assert.True(explicitPicks.Count <= CatalogHeuristicProvider.MaxExplicit);
            Assert.True(picks.Count - explicitPicks.Count <= CatalogHeuristicProvider.MaxLatent);
            Assert.Equal(picks.Count, picks.Distinct().Count());
            Assert.All(picks, p => Assert.False(string.IsNullOrWhiteSpace(p.Title)));
            var expectedExplicit = candidates.Where(c => session.Contains(c) && c.Title is not null).Take(CatalogHeuristicProvider.MaxExplicit);
            Assert.Equal(expectedExplicit, explicitPicks);
        }
    }

    [Fact]
    public void The_prompt_numbers_clicked_and_candidate_titles_and_names_its_version()
    {
        var prompt = PromptTemplate.V1.Render(["Gentle Foaming Cleanser", "Day; Cream"], ["Night Repair Cream", "Car Phone Holder"]);

        Assert.Equal("v1", prompt.Version);
        Assert.Contains("semicolon", prompt.System, StringComparison.Ordinal);
        Assert.Contains("candidate", prompt.System, StringComparison.Ordinal);
        Assert.Contains("Clicked items:\n1. Gentle Foaming Cleanser\n2. Day, Cream\nCandidate items:\n1. Night Repair Cream\n2. Car Phone Holder", prompt.User, StringComparison.Ordinal);
    }
}
