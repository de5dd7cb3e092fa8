using System.Collections.Concurrent;
using Confluent.Kafka;
using Streaming.Core.Contracts;

namespace Streaming.Cli.PipelineBench;

/// <summary>
/// Reads every pipeline topic (and the floor's probe and echo topics) from the beginning on its own thread, without a
/// consumer group, and feeds each message's CreateTime to the <see cref="LatencyJoin"/> of the run its session id
/// belongs to (ids are <c>{run}-{n}</c>). Counts the offsets it never saw (deleted by retention before it read them)
/// and its own lag, so a figure is never silently short.
/// </summary>
internal sealed class PipelineObserver : IDisposable
{
    public const string FloorTopic = "bench.floor";
    public const string FloorEchoTopic = "bench.floor-echo";

    private static readonly string[] ObservedTopics =
        [Topics.Clicks, Topics.SessionUpdates, Topics.Candidates, Topics.Intents, Topics.Recommendations, FloorTopic, FloorEchoTopic];

    private readonly ConcurrentDictionary<string, (LatencyJoin Clicks, LatencyJoin Floor)> _runs = new(StringComparer.Ordinal);
    private readonly IConsumer<string?, byte[]> _consumer;
    private readonly List<TopicPartition> _partitions;
    private readonly Dictionary<TopicPartition, long> _next = [];
    private long _read;
    private long _gaps;
    private long _lag;

    public PipelineObserver(string bootstrapServers, int partitions)
    {
        _consumer = new ConsumerBuilder<string?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "bench-observer",
            EnableAutoCommit = false,
            EnablePartitionEof = false,
            // Like the workers on the embedded cluster: the mock broker answers a fetch when its wait expires.
            FetchWaitMaxMs = 10,
        }).Build();
        _partitions = [.. ObservedTopics.SelectMany(topic => Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)))];
    }

    /// <summary>Messages read.</summary>
    public long Read => Interlocked.Read(ref _read);

    /// <summary>Offsets never read: deleted by the cluster's retention before the observer got to them.</summary>
    public long Gaps => Interlocked.Read(ref _gaps);

    /// <summary>Messages in the observed topics not read yet (refreshed about every second).</summary>
    public long Lag => Interlocked.Read(ref _lag);

    /// <summary>Joins clicks and floor probes whose ids start with <c>{run}-</c>.</summary>
    public void Track(string run, LatencyJoin clicks, LatencyJoin floor) => _runs[run] = (clicks, floor);

    /// <summary>Reads until the token fires, on a thread of its own (the consumer blocks).</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Run(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }

    private void Run(CancellationToken cancellationToken)
    {
        _consumer.Assign(_partitions.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        var lagRefreshed = Environment.TickCount64;
        while (!cancellationToken.IsCancellationRequested)
        {
            var result = _consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result?.Message is { } message)
            {
                Interlocked.Increment(ref _read);
                var expected = _next.GetValueOrDefault(result.TopicPartition);
                if (result.Offset.Value > expected)
                {
                    Interlocked.Add(ref _gaps, result.Offset.Value - expected);
                }

                _next[result.TopicPartition] = result.Offset.Value + 1;
                Observe(result.Topic, message);
            }

            if (Environment.TickCount64 - lagRefreshed >= 1000)
            {
                lagRefreshed = Environment.TickCount64;
                Interlocked.Exchange(ref _lag, _partitions.Sum(tp =>
                {
                    var high = _consumer.GetWatermarkOffsets(tp).High;
                    return high == Offset.Unset ? 0 : Math.Max(0, high.Value - _next.GetValueOrDefault(tp));
                }));
            }
        }
    }

    private void Observe(string topic, Message<string?, byte[]> message)
    {
        var created = message.Timestamp.UnixTimestampMs;
        switch (topic)
        {
            case Topics.Clicks when RunOf(message.Key) is { } run:
                run.Clicks.NextClick(message.Key!, created);
                break;
            case FloorTopic when RunOf(message.Key) is { } run:
                run.Floor.Click(message.Key!, 0, created);
                break;
            case FloorEchoTopic when RunOf(message.Key) is { } run:
                run.Floor.Derived(PipelineStage.Floor, message.Key!, 0, created);
                break;
            case Topics.SessionUpdates or Topics.Candidates or Topics.Intents or Topics.Recommendations:
                if (DerivedMessageReader.TryRead(message.Value, out var session, out var version, out var intentsVersion) && RunOf(session) is { } owner)
                {
                    owner.Clicks.Derived(Stage(topic), session, version, created);
                    // Refined: ranked with the intents inferred for this very version (an answer may also use older ones).
                    if (topic == Topics.Recommendations && intentsVersion == version)
                    {
                        owner.Clicks.Derived(PipelineStage.RefinedAnswer, session, version, created);
                    }
                }

                break;
        }
    }

    /// <summary>The stage of a topic's messages; any answer counts as the immediate one (the first per version is kept).</summary>
    private static PipelineStage Stage(string topic) => topic switch
    {
        Topics.SessionUpdates => PipelineStage.SessionUpdate,
        Topics.Candidates => PipelineStage.CandidateList,
        Topics.Intents => PipelineStage.Intents,
        _ => PipelineStage.ImmediateAnswer,
    };

    private (LatencyJoin Clicks, LatencyJoin Floor)? RunOf(string? id)
    {
        var dash = id?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        return dash > 0 && _runs.TryGetValue(id![..dash], out var run) ? run : null;
    }
}
