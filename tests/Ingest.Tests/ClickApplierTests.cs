using Microsoft.Extensions.Options;
using Streaming.Core.Catalog;
using Streaming.Core.Contracts;
using Streaming.Core.Graph;
using Streaming.Core.Live;
using Streaming.State;
using Streaming.Testing;

namespace Streaming.Ingest.Tests;

[Collection(RedisCollection.Name)]
public sealed class ClickApplierTests(RedisServers servers)
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(RedisServers.Kinds), MemberType = typeof(RedisServers))]
    public async Task Builds_nodes_in_first_seen_order_and_weighted_edges(string server)
    {
        var (applier, store) = Create(server, maxLength: 50);
        var session = RedisServers.UniquePrefix();
        string[] items = ["a", "b", "a", "b", "c", "a"];

        var outcomes = await applier.ApplyAsync([.. items.Select((item, i) => Click(session, item, i))], CancellationToken.None);
        var stored = await store.GetAsync(session, CancellationToken.None);

        Assert.All(outcomes, outcome => Assert.True(outcome.Applied));
        Assert.Equal([1, 2, 3, 4, 5, 6], outcomes.Select(o => o.Version));
        Assert.NotNull(stored);
        Assert.Equal(["a", "b", "c"], stored.Nodes);
        Assert.Equal([0, 1, 0, 1, 2, 0], stored.Sequence);
        Assert.Equal([new SessionEdge(0, 1, 2), new SessionEdge(1, 0, 1), new SessionEdge(1, 2, 1), new SessionEdge(2, 0, 1)], stored.Edges);
        Assert.Equal(T0.AddSeconds(5).ToUnixTimeMilliseconds(), stored.LastClickTimeMs);
    }

    [Theory]
    [MemberData(nameof(RedisServers.Kinds), MemberType = typeof(RedisServers))]
    public async Task The_window_keeps_the_most_recent_clicks_and_its_graph_matches_the_reference(string server)
    {
        var (applier, store) = Create(server, maxLength: 4);
        var session = RedisServers.UniquePrefix();
        string[] items = ["x", "y", "x", "z", "w", "y", "y", "q"];

        await applier.ApplyAsync([.. items.Select((item, i) => Click(session, item, i))], CancellationToken.None);
        var stored = await store.GetAsync(session, CancellationToken.None);

        var expected = LiveSession.FromClicks(items, 4, items.Length, T0.AddSeconds(items.Length - 1).ToUnixTimeMilliseconds());
        Assert.True(expected.SameAs(stored!), $"stored {stored} expected {expected}");
        Assert.Equal(["w", "y", "y", "q"], stored!.Items);
    }

    [Theory]
    [MemberData(nameof(RedisServers.Kinds), MemberType = typeof(RedisServers))]
    public async Task A_redelivered_offset_and_a_repeated_event_id_are_skipped(string server)
    {
        var (applier, store) = Create(server, maxLength: 50);
        var session = RedisServers.UniquePrefix();
        await applier.ApplyAsync([Click(session, "a", 0), Click(session, "b", 1)], CancellationToken.None);

        var again = await applier.ApplyAsync(
            [Click(session, "b", 1), Click(session, "a", 0), Click(session, "b", 1, offset: 77), Click(session, "c", 2, offset: 78)],
            CancellationToken.None);

        Assert.Equal([ApplyStatus.SeenOffset, ApplyStatus.SeenOffset, ApplyStatus.SeenEventId, ApplyStatus.Applied], again.Select(o => o.Status));
        Assert.Equal([2L, 2, 2, 3], again.Select(o => o.Version));
        Assert.Equal(["a", "b", "c"], (await store.GetAsync(session, CancellationToken.None))!.Items);
    }

    [Theory]
    [MemberData(nameof(RedisServers.Kinds), MemberType = typeof(RedisServers))]
    public async Task Event_ids_are_remembered_beyond_the_window_so_a_late_retry_of_an_early_click_is_skipped(string server)
    {
        var (applier, store) = Create(server, maxLength: 4);
        var session = RedisServers.UniquePrefix();
        string[] items = [.. Enumerable.Range(0, 30).Select(i => "i" + (i % 7))];
        await applier.ApplyAsync([.. items.Select((item, i) => Click(session, item, i))], CancellationToken.None);

        // Every click again under new offsets, the oldest first: 26 of them left the window long ago.
        var again = await applier.ApplyAsync([.. items.Select((item, i) => Click(session, item, i, offset: 100 + i))], CancellationToken.None);

        Assert.All(again, outcome => Assert.Equal(ApplyStatus.SeenEventId, outcome.Status));
        var expected = LiveSession.FromClicks(items, 4, items.Length, T0.AddSeconds(items.Length - 1).ToUnixTimeMilliseconds());
        Assert.True(expected.SameAs((await store.GetAsync(session, CancellationToken.None))!));
    }

    [Theory]
    [MemberData(nameof(RedisServers.Kinds), MemberType = typeof(RedisServers))]
    public async Task Sessions_expire_after_the_idle_ttl(string server)
    {
        var (applier, _) = Create(server, maxLength: 50, ttl: TimeSpan.FromSeconds(30));
        var session = RedisServers.UniquePrefix();
        await applier.ApplyAsync([Click(session, "a", 0)], CancellationToken.None);

        var ttl = await servers.Connection(server).GetDatabase().KeyTimeToLiveAsync(RedisKeys.Session(session));
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value.TotalSeconds, 20, 30);
    }

    [Theory]
    [MemberData(nameof(RedisServers.Kinds), MemberType = typeof(RedisServers))]
    public async Task Ids_with_any_printable_text_survive_the_round_trip(string server)
    {
        var (applier, store) = Create(server, maxLength: 50);
        var session = RedisServers.UniquePrefix() + " ümlaut {tag} %[]";
        string[] items = ["B00%.*", "it em", "日本語", "[^x]+"];

        await applier.ApplyAsync([.. items.Select((item, i) => Click(session, item, i))], CancellationToken.None);

        Assert.Equal(items, (await store.GetAsync(session, CancellationToken.None))!.Items);
    }

    [Theory]
    [MemberData(nameof(RedisServers.Kinds), MemberType = typeof(RedisServers))]
    public async Task The_model_input_read_from_Redis_is_the_training_graph_of_the_same_clicks(string server)
    {
        var (applier, store) = Create(server, maxLength: 50);
        var session = RedisServers.UniquePrefix();
        string[] items = ["b", "a", "new-item", "b", "c", "a"];
        var catalog = ItemCatalog.Build(["a", "b", "c", "d"]);
        await applier.ApplyAsync([.. items.Select((item, i) => Click(session, item, i))], CancellationToken.None);

        var live = await store.GetAsync(session, CancellationToken.None);
        var serving = new SessionGraphBuilder().Build(live!.ToModelClicks(catalog));
        var training = new SessionGraphBuilder().Build(catalog.Encode(items.Where(i => i != "new-item")));

        Assert.Equal(training.Nodes, serving.Nodes);
        Assert.Equal(training.Alias, serving.Alias);
        Assert.Equal(training.InAdjacency, serving.InAdjacency);
        Assert.Equal(training.OutAdjacency, serving.OutAdjacency);
        Assert.Equal(5, serving.Length);
    }

    private (ClickApplier Applier, LiveSessionStore Store) Create(string server, int maxLength, TimeSpan? ttl = null)
    {
        var connection = new RedisConnection(Options.Create(new RedisOptions { Configuration = servers.Endpoint(server) }));
        var options = Options.Create(new IngestOptions { MaxSessionLength = maxLength, SessionTtl = ttl ?? TimeSpan.FromMinutes(30) });
        return (new ClickApplier(new LiveSessionWriter(connection), options), new LiveSessionStore(connection));
    }

    private static ClickToApply Click(string session, string item, int position, long? offset = null) =>
        new(new ClickEvent(session, item, T0.AddSeconds(position), EventId: $"{session}-{position}"), 0, offset ?? position);
}
