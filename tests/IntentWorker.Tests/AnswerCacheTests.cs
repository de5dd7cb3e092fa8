using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Streaming.Core.Contracts;
using Streaming.IntentWorker.Grounding;
using Streaming.IntentWorker.Prompting;
using Streaming.IntentWorker.Providers;
using Streaming.State;
using Streaming.Testing;

namespace Streaming.IntentWorker.Tests;

/// <summary>LLM answers cached in Redis by input hash; the request limits in front of the provider.</summary>
[Collection(RedisCollection.Name)]
public sealed class AnswerCacheTests(RedisServers servers, EncoderFixture fixture)
{
    private static readonly Core.Catalog.ItemCatalog Catalog = TestCatalog.Create();

    [Theory]
    [MemberData(nameof(RedisServers.Kinds), MemberType = typeof(RedisServers))]
    public async Task The_same_inputs_are_answered_from_Redis_and_another_prompt_version_asks_again(string server)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var llm = new FakeLlmServer().Then(FakeLlmServer.Reply.Answer("Night Repair Cream"));
        await using var redis = new RedisConnection(Options.Create(new RedisOptions { Configuration = servers.Endpoint(server) }));
        var store = new IntentStore(redis, Options.Create(new IntentWorkerOptions { AnswerCacheTtl = TimeSpan.FromMinutes(5) }));
        using var meters = new TestMeterFactory();
        using var counters = new IntentCounters(meters);
        var metrics = new IntentMetrics(meters);
        // A unique model name keeps this test's keys apart from other runs on the same server.
        var model = "m-" + RedisServers.UniquePrefix();
        var session = TestCatalog.Items(Catalog, "a1", "a2");
        var candidates = TestCatalog.Items(Catalog, "a3", "a4");

        var first = await Inference(llm, model, PromptTemplate.V1, store, metrics).InferAsync(session, candidates, ct);
        var second = await Inference(llm, model, PromptTemplate.V1, store, metrics).InferAsync(session, candidates, ct);
        var otherPrompt = await Inference(llm, model, PromptTemplate.V1 with { Version = "v1-test" }, store, metrics).InferAsync(session, candidates, ct);

        Assert.False(first.CacheHit);
        Assert.True(second.CacheHit);
        Assert.Equal(first.Vectors!.Latent, second.Vectors!.Latent);
        Assert.False(otherPrompt.CacheHit);
        Assert.Equal(2, llm.Requests.Count);
        Assert.Equal(1, counters.Cache.Sum(("result", "hit")));
        Assert.Equal(2, counters.Cache.Sum(("result", "miss")));
        var key = AnswerCacheKey.For(new ChatIntentProvider(null!, ProviderNames.OpenAICompatible, model, new LlmOptions()), "v1", ["a1", "a2"], ["a3", "a4"]);
        var db = servers.Connection(server).GetDatabase();
        Assert.Equal("Night Repair Cream", (string?)await db.StringGetAsync(RedisKeys.LlmAnswer(key)));
        Assert.InRange((await db.KeyTimeToLiveAsync(RedisKeys.LlmAnswer(key)))!.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void The_allowance_skips_past_the_rate_and_the_daily_budget_and_refills()
    {
        var time = new ManualTime();
        var allowance = new RequestAllowance(perMinute: 2, perDay: 3, time);

        Assert.Null(allowance.TryTake());
        Assert.Null(allowance.TryTake());
        Assert.Equal(RequestAllowance.RateLimited, allowance.TryTake());
        time.Advance(TimeSpan.FromSeconds(61));
        Assert.Null(allowance.TryTake());
        Assert.Equal(RequestAllowance.BudgetSpent, allowance.TryTake());
        time.Advance(TimeSpan.FromDays(1));
        Assert.Null(allowance.TryTake());
    }

    private IntentInference Inference(FakeLlmServer llm, string model, PromptTemplate template, IAnswerCache cache, IntentMetrics metrics) =>
        new(
            LlmClientFactory.Create(ProviderNames.OpenAICompatible, new LlmOptions { Endpoint = llm.BaseUrl + "/v1", Model = model, MaxRetries = 0 }),
            template,
            new IntentGrounder(new GroundingOptions()),
            new IntentVectorizer(fixture.Encoder, null, new GroundingOptions()),
            cache,
            RequestAllowance.Unlimited,
            new CircuitBreaker(5, TimeSpan.FromSeconds(1), TimeProvider.System),
            metrics,
            NullLogger.Instance);
}
