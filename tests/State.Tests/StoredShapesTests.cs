using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Streaming.Core.Contracts;
using Streaming.Core.Live;
using Streaming.Testing;

namespace Streaming.State.Tests;

/// <summary>Each stored shape's writer, script and reader together, on both servers, including values of an older format.</summary>
[Collection(RedisCollection.Name)]
public sealed class StoredShapesTests(RedisServers servers)
{
    private static readonly LiveSessionLimits Limits = new(MaxLength: 4, IdleTtl: TimeSpan.FromMinutes(30), EventIdsRemembered: 64);
    private static readonly DateTimeOffset T0 = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(RedisServers.Kinds), MemberType = typeof(RedisServers))]
    public async Task A_session_stored_in_format_1_is_continued_and_rewritten_in_format_2(string server)
    {
        var (writer, store, db) = Create(server);
        var session = RedisServers.UniquePrefix();
        // Format 1 as the previous script wrote it: "a b a" applied up to 0:17, with the fingerprint of event "e-2".
        var format1 = LiveSessionCodecTests.Format1("3,0:17,1700000000000,3,6,8", "a\u001fb", [1, 2, 1], [1, 2, 1, 2, 1, 1], Fingerprint("e-2"));
        await db.StringSetAsync(RedisKeys.Session(session), format1, TimeSpan.FromMinutes(5));

        var outcomes = await writer.ApplyAsync(
            [Click(session, "a", "e-2", offset: 18), Click(session, "c", "e-3", offset: 19), Click(session, "d", "e-4", offset: 17)],
            Limits,
            CancellationToken.None);

        Assert.Equal([ApplyStatus.SeenEventId, ApplyStatus.Applied, ApplyStatus.SeenOffset], outcomes.Select(o => o.Status));
        var stored = (await store.GetManyStoredAsync([session], CancellationToken.None))[0];
        Assert.True(LiveSession.FromClicks(["a", "b", "a", "c"], 4, 4, T0.ToUnixTimeMilliseconds()).SameAs(stored!.Session), stored.Session.ToString());
        Assert.Equal(0, stored.AnsweredVersion);
        Assert.StartsWith("F2,", (string?)await db.StringGetAsync(RedisKeys.Session(session)), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RedisServers.Kinds), MemberType = typeof(RedisServers))]
    public async Task The_answered_version_only_rises_keeps_the_ttl_and_never_recreates_an_expired_session(string server)
    {
        var (writer, store, db) = Create(server);
        var session = RedisServers.UniquePrefix();
        var format1 = LiveSessionCodecTests.Format1("2,0:1,1700000000000,2,3,0", "a\u001fb", [1, 2], [1, 2, 1], []);
        await db.StringSetAsync(RedisKeys.Session(session), format1, TimeSpan.FromMinutes(5));

        await store.MarkAnsweredAsync([(session, 2)], CancellationToken.None);
        Assert.True((await store.GetManyStoredAsync([session], CancellationToken.None))[0]!.IsAnswered);
        await store.MarkAnsweredAsync([(session, 1)], CancellationToken.None);
        Assert.Equal(2, (await store.GetManyStoredAsync([session], CancellationToken.None))[0]!.AnsweredVersion);
        Assert.InRange((await db.KeyTimeToLiveAsync(RedisKeys.Session(session)))!.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));

        // A new click makes the session unanswered again, and the writer keeps the answered version.
        await writer.ApplyAsync([Click(session, "c", "e-9", offset: 2)], Limits, CancellationToken.None);
        var stored = (await store.GetManyStoredAsync([session], CancellationToken.None))[0]!;
        Assert.Equal((3L, 2L, false), (stored.Session.Version, stored.AnsweredVersion, stored.IsAnswered));

        var gone = RedisServers.UniquePrefix();
        await store.MarkAnsweredAsync([(gone, 1)], CancellationToken.None);
        Assert.False(await db.KeyExistsAsync(RedisKeys.Session(gone)));
    }

    [Theory]
    [MemberData(nameof(RedisServers.Kinds), MemberType = typeof(RedisServers))]
    public async Task Intent_vectors_round_trip_and_those_written_before_the_format_field_are_still_read(string server)
    {
        var connection = Connect(server);
        var vectors = new IntentVectorStore(connection);
        var db = servers.Connection(server).GetDatabase();
        var session = RedisServers.UniquePrefix();
        var inferred = new InferredIntentVectors(5, [1f, 2f], [3f, 4f], "latent", "catalog", "v1", ["c1", "c2"], ["i1"]);

        Assert.True(await vectors.SaveAsync(session, inferred, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.False(await vectors.SaveAsync(session, inferred with { SessionVersion = 4 }, TimeSpan.FromMinutes(1), CancellationToken.None));
        var stored = await vectors.GetAsync(session, CancellationToken.None);
        Assert.Equal((5L, "latent"), (stored!.Version, stored.Copied));
        Assert.Equal([1f, 2f], stored.Explicit);
        Assert.Equal([3f, 4f], stored.Latent);
        var request = await vectors.GetRequestAsync(session, CancellationToken.None);
        Assert.Equal(5L, request!.SessionVersion);
        Assert.Equal(["c1", "c2"], request.CandidateIds);
        Assert.Equal(["i1"], request.ItemIds);

        // As the writer stored them before the format field existed.
        var old = RedisServers.UniquePrefix();
        await db.HashSetAsync(RedisKeys.Intents(old), [new("v", 7), new("x", Bytes([0.5f])), new("l", Bytes([0.25f])), new("d", 1), new("c", "")]);
        var read = await vectors.GetAsync(old, CancellationToken.None);
        Assert.Equal(7L, read!.Version);
        Assert.Equal([0.5f], read.Explicit);
        Assert.Equal([0.25f], read.Latent);

        await db.HashSetAsync(RedisKeys.Intents(old), "f", 2);
        await Assert.ThrowsAsync<FormatException>(() => vectors.GetAsync(old, CancellationToken.None));
    }

    private (LiveSessionWriter Writer, LiveSessionStore Store, IDatabase Db) Create(string server)
    {
        var connection = Connect(server);
        return (new LiveSessionWriter(connection), new LiveSessionStore(connection), servers.Connection(server).GetDatabase());
    }

    private RedisConnection Connect(string server) =>
        new(Options.Create(new RedisOptions { Configuration = servers.Endpoint(server) }));

    private static ClickToApply Click(string session, string item, string eventId, long offset) =>
        new(new ClickEvent(session, item, T0, EventId: eventId), 0, offset);

    private static byte[] Fingerprint(string eventId) => System.IO.Hashing.XxHash64.Hash(System.Text.Encoding.UTF8.GetBytes(eventId));

    private static byte[] Bytes(float[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
}
