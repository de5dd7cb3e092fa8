using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Streaming.Serving.Embeddings;
using Streaming.IntentWorker.Grounding;
using Streaming.IntentWorker.Prompting;
using Streaming.IntentWorker.Providers;
using Streaming.Testing;

namespace Streaming.IntentWorker.Tests;

/// <summary>The LLM providers against a local scripted OpenAI-compatible server: grounding, retries, timeouts, breaker.</summary>
public sealed class LlmProviderTests(EncoderFixture fixture)
{
    private static readonly Core.Catalog.ItemCatalog Catalog = TestCatalog.Create();
    private static readonly Core.Catalog.CatalogItem[] Session = TestCatalog.Items(Catalog, "a1", "a2");
    private static readonly Core.Catalog.CatalogItem[] Candidates = TestCatalog.Items(Catalog, "a3", "a1", "a4", "a5");
    private readonly TestMeterFactory _meters = new();

    [Fact]
    public async Task A_good_answer_is_grounded_and_split_and_the_request_has_the_papers_prompt()
    {
        await using var server = new FakeLlmServer().Then(FakeLlmServer.Reply.Answer("Night Repair Cream; Hydrating Day Cream 50 ml; Vitamin C Brightening Serum"));
        using var counters = new IntentCounters(_meters);
        var inference = Inference(ProviderNames.OpenAICompatible, server);

        var outcome = await inference.InferAsync(Session, Candidates, TestContext.Current.CancellationToken);

        Assert.True(outcome.HasIntents);
        Assert.Equal(["a1"], outcome.Intents!.Explicit.Select(i => i.ExternalId));
        Assert.Equal(["a3", "a4"], outcome.Intents.Latent.Select(i => i.ExternalId));
        Assert.Equal(384, outcome.Vectors!.Explicit.Length);
        Assert.Equal(1, counters.Inferred.Sum());
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/chat/completions", request.PathAndQuery);
        Assert.Equal("Bearer test-key", request.Headers["Authorization"]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("test-model", body.RootElement.GetProperty("model").GetString());
        var messages = body.RootElement.GetProperty("messages");
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Contains("1. Hydrating Day Cream 50 ml\n2. Gentle Foaming Cleanser", messages[1].GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Contains("4. Car Phone Holder", messages[1].GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hallucinated_titles_are_dropped_and_counted_and_only_candidates_remain()
    {
        await using var server = new FakeLlmServer().Then(FakeLlmServer.Reply.Answer("Magic Elixir; Night Repair Cream; Matte Lipstick Ruby"));
        using var counters = new IntentCounters(_meters);
        var inference = Inference(ProviderNames.OpenAICompatible, server);

        var outcome = await inference.InferAsync(Session, Candidates, TestContext.Current.CancellationToken);

        Assert.Equal(["a3"], outcome.Intents!.Latent.Select(i => i.ExternalId));
        Assert.Empty(outcome.Intents.Explicit);
        Assert.Equal(2, outcome.Intents.Dropped);
        Assert.Equal(2, counters.Dropped.Sum(("kind", IntentMetrics.NotACandidate)));
        // The paper's rule: the empty explicit group takes the latent group's vector.
        Assert.Equal("explicit", outcome.Vectors!.Copied);
        Assert.Equal(outcome.Vectors.Latent, outcome.Vectors.Explicit);
    }

    [Fact]
    public async Task With_free_text_kept_an_ungrounded_answer_is_encoded_as_latent_intents()
    {
        await using var server = new FakeLlmServer().Then(FakeLlmServer.Reply.Answer("Hydrating Day Cream 50 ml; something for sensitive skin; Something for sensitive skin."));
        var inference = Inference(ProviderNames.OpenAICompatible, server, grounding: new GroundingOptions { KeepFreeText = true });

        var outcome = await inference.InferAsync(Session, Candidates, TestContext.Current.CancellationToken);

        Assert.Equal(["a1"], outcome.Intents!.Explicit.Select(i => i.ExternalId));
        Assert.Equal(["something for sensitive skin"], outcome.Intents.FreeText);
        Assert.Equal(0, outcome.Intents.Dropped);
        Assert.Equal(1, outcome.Intents.Duplicates);
        Assert.True(VectorMath.Cosine(outcome.Vectors!.Latent, fixture.Encoder.Encode("something for sensitive skin")) > 0.9999f);
        Assert.Equal("", outcome.Vectors.Copied);
    }

    [Theory]
    [InlineData("The user likes skin care.")]
    [InlineData("")]
    public async Task Free_text_or_an_empty_answer_gives_no_intents(string content)
    {
        await using var server = new FakeLlmServer().Then(FakeLlmServer.Reply.Answer(content));
        using var counters = new IntentCounters(_meters);
        var inference = Inference(ProviderNames.OpenAICompatible, server);

        var outcome = await inference.InferAsync(Session, Candidates, TestContext.Current.CancellationToken);

        Assert.False(outcome.HasIntents);
        Assert.Equal(IntentInference.NoGroundedIntents, outcome.NoIntentsReason);
        Assert.Equal(1, counters.FailedFor(IntentInference.NoGroundedIntents));
    }

    [Fact]
    public async Task Malformed_JSON_fails_the_request_and_gives_no_intents()
    {
        await using var server = new FakeLlmServer().Then(FakeLlmServer.Reply.Raw("""{"choices": [ {"message": """));
        using var counters = new IntentCounters(_meters);
        var inference = Inference(ProviderNames.OpenAICompatible, server);

        var outcome = await inference.InferAsync(Session, Candidates, TestContext.Current.CancellationToken);

        Assert.False(outcome.HasIntents);
        Assert.Null(outcome.Vectors);
        Assert.Equal("malformed-response", outcome.NoIntentsReason);
        Assert.Equal(1, counters.FailedFor("malformed-response"));
    }

    [Fact]
    public async Task A_slow_answer_times_out_per_attempt_is_retried_and_then_gives_no_intents()
    {
        await using var server = new FakeLlmServer().Then(FakeLlmServer.Reply.Answer("Night Repair Cream", delay: TimeSpan.FromSeconds(5)));
        var inference = Inference(ProviderNames.OpenAICompatible, server, o => (o.AttemptTimeout, o.MaxRetries) = (TimeSpan.FromMilliseconds(200), 1));
        var started = Stopwatch.GetTimestamp();

        var outcome = await inference.InferAsync(Session, Candidates, TestContext.Current.CancellationToken);

        Assert.False(outcome.HasIntents);
        Assert.Equal("timeout", outcome.NoIntentsReason);
        Assert.Equal(2, server.Requests.Count);
        // Both attempts waited out their timeout; that neither waited for the 5 s answer is the "timeout" reason above.
        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(350), "two attempts of 200 ms");
    }

    [Fact]
    public async Task Too_many_requests_waits_for_Retry_After_and_then_succeeds()
    {
        await using var server = new FakeLlmServer().Then(
            FakeLlmServer.Reply.Fail(429, headers: ("Retry-After", "0.3")),
            FakeLlmServer.Reply.Answer("Night Repair Cream"));
        var inference = Inference(ProviderNames.OpenAICompatible, server);
        var started = Stopwatch.GetTimestamp();

        var outcome = await inference.InferAsync(Session, Candidates, TestContext.Current.CancellationToken);

        Assert.True(outcome.HasIntents);
        Assert.Equal(2, server.Requests.Count);
        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(280), "the retry waited for Retry-After");
    }

    [Fact]
    public async Task Server_errors_are_retried_then_open_the_breaker_which_lets_one_trial_through_after_its_break()
    {
        await using var server = new FakeLlmServer().Then(FakeLlmServer.Reply.Fail(500), FakeLlmServer.Reply.Fail(503), FakeLlmServer.Reply.Fail(500),
            FakeLlmServer.Reply.Fail(500), FakeLlmServer.Reply.Fail(502), FakeLlmServer.Reply.Fail(500),
            FakeLlmServer.Reply.Answer("Night Repair Cream"));
        var time = new ManualTime();
        using var counters = new IntentCounters(_meters);
        var inference = Inference(ProviderNames.OpenAICompatible, server, o => (o.BreakerFailures, o.BreakerDuration) = (2, TimeSpan.FromSeconds(30)), time);
        var ct = TestContext.Current.CancellationToken;

        var first = await inference.InferAsync(Session, Candidates, ct);
        var second = await inference.InferAsync(Session, Candidates, ct);
        var refused = await inference.InferAsync(Session, Candidates, ct);

        Assert.Equal("http-5xx", first.NoIntentsReason);
        Assert.Equal("http-5xx", second.NoIntentsReason);
        Assert.Equal(6, server.Requests.Count); // 2 requests x (1 + 2 retries)
        Assert.Equal(IntentInference.BreakerOpen, refused.NoIntentsReason);
        Assert.Null(refused.Vectors);
        Assert.Equal(6, server.Requests.Count); // the open breaker sent nothing
        Assert.Equal(1, counters.FailedFor(IntentInference.BreakerOpen));

        time.Advance(TimeSpan.FromSeconds(31));
        var trial = await inference.InferAsync(Session, Candidates, ct);

        Assert.True(trial.HasIntents);
        Assert.Equal(7, server.Requests.Count);
    }

    [Fact]
    public async Task The_Azure_route_uses_the_deployment_path_the_api_version_and_the_api_key_header()
    {
        await using var server = new FakeLlmServer().Then(
            FakeLlmServer.Reply.Fail(500),
            FakeLlmServer.Reply.Answer("Hydrating Day Cream 50 ml; Sunscreen SPF 50; Vitamin C Brightening Serum"));
        var inference = Inference(ProviderNames.AzureOpenAI, server);

        var outcome = await inference.InferAsync(Session, Candidates, TestContext.Current.CancellationToken);

        Assert.True(outcome.HasIntents);
        Assert.Equal(["a1"], outcome.Intents!.Explicit.Select(i => i.ExternalId));
        Assert.Equal(["a4"], outcome.Intents.Latent.Select(i => i.ExternalId)); // a9 is not a candidate here
        Assert.Equal(1, outcome.Intents.Dropped);
        Assert.Equal(2, server.Requests.Count);
        var request = server.Requests.Last();
        Assert.StartsWith("/openai/deployments/test-model/chat/completions?api-version=", request.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal("test-key", request.Headers["api-key"]);
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }

    private IntentInference Inference(
        string provider, FakeLlmServer server, Action<LlmOptions>? configure = null, TimeProvider? time = null, GroundingOptions? grounding = null)
    {
        var options = new LlmOptions
        {
            Endpoint = provider == ProviderNames.AzureOpenAI ? server.BaseUrl : server.BaseUrl + "/v1",
            ApiKey = "test-key",
            Model = "test-model",
            AttemptTimeout = TimeSpan.FromSeconds(2),
            MaxRetries = 2,
            InitialBackoff = TimeSpan.FromMilliseconds(5),
            MaxBackoff = TimeSpan.FromSeconds(1),
        };
        configure?.Invoke(options);
        return new IntentInference(
            LlmClientFactory.Create(provider, options),
            PromptTemplate.V1,
            new IntentGrounder(grounding ?? new GroundingOptions()),
            new IntentVectorizer(fixture.Encoder, null, grounding ?? new GroundingOptions()),
            cache: null,
            RequestAllowance.Unlimited,
            new CircuitBreaker(options.BreakerFailures, options.BreakerDuration, time ?? TimeProvider.System),
            new IntentMetrics(_meters),
            NullLogger.Instance);
    }
}
