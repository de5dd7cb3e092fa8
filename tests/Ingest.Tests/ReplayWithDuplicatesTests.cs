using CsCheck;
using Microsoft.Extensions.Options;
using Streaming.Core.Contracts;
using Streaming.Core.Live;
using Streaming.State;
using Streaming.Testing;

namespace Streaming.Ingest.Tests;

/// <summary>
/// A log with injected duplicates — re-deliveries of already applied offsets (a crash before the offset
/// commit) and producer duplicates of an event under a new offset — must leave Redis exactly as the
/// de-duplicated log defines it.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class ReplayWithDuplicatesTests(RedisServers servers)
{
    private const int MaxLength = 6;
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(RedisServers.Kinds), MemberType = typeof(RedisServers))]
    public async Task Random_interleavings_of_sessions_and_duplicates_converge_to_the_deduplicated_log(string server)
    {
        var applier = Create(server, out var store);
        await Gen.Int[0, int.MaxValue].SampleAsync(
            async seed =>
            {
                var scenario = Scenario.Generate(seed, "p" + RedisServers.UniquePrefix());
                foreach (var batch in scenario.Deliveries.Chunk(scenario.BatchSize))
                {
                    await applier.ApplyAsync(batch, CancellationToken.None);
                }

                foreach (var (session, expected) in scenario.Expected())
                {
                    var stored = await store.GetAsync(session, CancellationToken.None);
                    Assert.True(stored is not null && expected.SameAs(stored), $"seed {seed} session {session}: stored {stored}, expected {expected}");
                }
            },
            iter: 25,
            threads: 1);
    }

    [Theory]
    [MemberData(nameof(RedisServers.Kinds), MemberType = typeof(RedisServers))]
    public async Task A_consumer_killed_between_the_Redis_write_and_the_commit_neither_loses_nor_doubles_a_click(string server)
    {
        var applier = Create(server, out var store);
        var session = RedisServers.UniquePrefix();
        var log = Enumerable.Range(0, 10).Select(i => Entry(session, "item" + (i % 4), i, i)).ToArray();

        // First run: applies offsets 0..6, commits only up to offset 3, then "dies".
        await applier.ApplyAsync(log[..7], CancellationToken.None);
        // The restarted consumer resumes from the committed offset 4 and sees 4..9 again.
        var outcomes = await applier.ApplyAsync(log[4..], CancellationToken.None);

        Assert.Equal([ApplyStatus.SeenOffset, ApplyStatus.SeenOffset, ApplyStatus.SeenOffset, ApplyStatus.Applied, ApplyStatus.Applied, ApplyStatus.Applied], outcomes.Select(o => o.Status));
        var expected = LiveSession.FromClicks([.. log.Select(e => e.Click.ItemId)], MaxLength, 10, T0.AddSeconds(9).ToUnixTimeMilliseconds());
        Assert.True(expected.SameAs((await store.GetAsync(session, CancellationToken.None))!));
    }

    private ClickApplier Create(string server, out LiveSessionStore store)
    {
        var connection = new RedisConnection(Options.Create(new RedisOptions { Configuration = servers.Endpoint(server) }));
        store = new LiveSessionStore(connection);
        return new ClickApplier(new LiveSessionWriter(connection), Options.Create(new IngestOptions { MaxSessionLength = MaxLength, RecentEventIds = 8 }));
    }

    private static ClickToApply Entry(string session, string item, long offset, int eventNumber) =>
        new(new ClickEvent(session, item, T0.AddSeconds(eventNumber), EventId: $"{session}/{eventNumber}"), 0, offset);

    private sealed record Scenario(IReadOnlyList<ClickToApply> Log, IReadOnlyList<ClickToApply> Deliveries, IReadOnlySet<long> DuplicateOffsets, int BatchSize)
    {
        public static Scenario Generate(int seed, string prefix)
        {
            var random = new Random(seed);
            var sessions = Enumerable.Range(0, random.Next(1, 5)).Select(i => $"{prefix}-s{i}").ToArray();
            var log = new List<ClickToApply>();
            var duplicates = new HashSet<long>();
            var sent = new Dictionary<string, List<int>>();
            var eventNumber = 0;
            var length = random.Next(5, 40);
            for (var i = 0; i < length; i++)
            {
                var session = sessions[random.Next(sessions.Length)];
                var history = sent.TryGetValue(session, out var h) ? h : sent[session] = [];
                var recentOfSession = history.TakeLast(4).ToList();
                if (recentOfSession.Count > 0 && random.NextDouble() < 0.2)
                {
                    // A producer retry: an event already in the log again, under a new offset.
                    var eventId = $"{session}/{recentOfSession[random.Next(recentOfSession.Count)]}";
                    var original = log.First(e => e.Click.EventId == eventId);
                    duplicates.Add(log.Count);
                    log.Add(original with { Offset = log.Count });
                    continue;
                }

                var number = eventNumber++;
                history.Add(number);
                log.Add(Entry(session, "i" + random.Next(5), log.Count, number));
            }

            // Crashes: after delivering up to some point, the consumer restarts from an earlier committed offset.
            var deliveries = new List<ClickToApply>();
            var position = 0;
            while (position < log.Count)
            {
                var end = random.Next(position + 1, log.Count + 1);
                deliveries.AddRange(log.Skip(position).Take(end - position));
                position = random.NextDouble() < 0.4 ? random.Next(0, end) : end;
            }

            return new Scenario(log, deliveries, duplicates, random.Next(1, 8));
        }

        public IEnumerable<(string Session, LiveSession Expected)> Expected() =>
            Log.Where(e => !DuplicateOffsets.Contains(e.Offset))
                .GroupBy(e => e.Click.SessionId)
                .Select(g => (g.Key, LiveSession.FromClicks(
                    [.. g.Select(e => e.Click.ItemId)], MaxLength, g.Count(), g.Max(e => e.Click.Timestamp).ToUnixTimeMilliseconds())));
    }
}
