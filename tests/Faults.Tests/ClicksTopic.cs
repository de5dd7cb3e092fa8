using Confluent.Kafka;
using Streaming.Core.Contracts;
using Streaming.Core.Live;

namespace Streaming.Faults.Tests;

/// <summary>The reference the live state is checked against: the sessions recomputed from the <c>clicks</c> topic itself.</summary>
internal static class ClicksTopic
{
    /// <summary>
    /// Reads every partition of <c>clicks</c> from its beginning to its end now and recomputes each session of
    /// <paramref name="prefix"/> as Ingest must keep it: the clicks in partition order, each event id once, a window
    /// of <paramref name="window"/> (<see cref="LiveSession.FromClicks"/>, the reference definition).
    /// </summary>
    public static async Task<Dictionary<string, LiveSession>> RecomputeAsync(string bootstrapServers, string prefix, int partitions, int window, CancellationToken cancellationToken) =>
        await Task.Run(() => Recompute(bootstrapServers, prefix, partitions, window, cancellationToken), cancellationToken);

    private static Dictionary<string, LiveSession> Recompute(string bootstrapServers, string prefix, int partitions, int window, CancellationToken cancellationToken)
    {
        using var consumer = new ConsumerBuilder<string?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "faults-reference",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
        }).SetLogHandler(static (_, _) => { }).Build();
        var ends = Enumerable.Range(0, partitions)
            .Select(p => new TopicPartition(Topics.Clicks, p))
            .ToDictionary(tp => tp.Partition.Value, tp => consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(30)).High.Value);
        consumer.Assign(ends.Where(e => e.Value > 0).Select(e => new TopicPartitionOffset(Topics.Clicks, e.Key, Offset.Beginning)));
        var open = ends.Where(e => e.Value > 0).Select(e => e.Key).ToHashSet();
        var sessions = new Dictionary<string, (List<string> Items, HashSet<string> EventIds, long LastMs)>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (open.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the clicks topic was not read to its end (partitions {string.Join(',', open)} open)");
            }

            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is not { } message)
            {
                continue;
            }

            if (message.Offset.Value + 1 >= ends[message.Partition.Value])
            {
                open.Remove(message.Partition.Value);
            }

            if (!ClickEventReader.TryRead(message.Message.Value, out var click, out _) || !click.SessionId.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (!sessions.TryGetValue(click.SessionId, out var session))
            {
                session = ([], new HashSet<string>(StringComparer.Ordinal), long.MinValue);
            }

            // A producer retry or a repeated replay carries the same event id: applied once.
            if (click.EventId is null || session.EventIds.Add(click.EventId))
            {
                session.Items.Add(click.ItemId);
                session = session with { LastMs = Math.Max(session.LastMs, click.Timestamp.ToUnixTimeMilliseconds()) };
            }

            sessions[click.SessionId] = session;
        }

        consumer.Close();
        return sessions.ToDictionary(
            s => s.Key,
            s => LiveSession.FromClicks(s.Value.Items, window, s.Value.Items.Count, s.Value.LastMs),
            StringComparer.Ordinal);
    }
}
