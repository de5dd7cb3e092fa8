using System.Collections.Concurrent;
using System.Text.Json;
using Confluent.Kafka;
using Streaming.Core.Contracts;

namespace Streaming.Faults.Tests;

/// <summary>
/// Follows the pipeline's output topics from their beginning (no consumer group, so no rebalance of its own) and keeps
/// what the tests look at: session updates, candidate lists, intents and answers per session. Progress is observed
/// here, from what the workers published, never from inside the worker processes.
/// </summary>
internal sealed class OutputTopics : IDisposable
{
    private static readonly string[] Followed = [Topics.SessionUpdates, Topics.Candidates, Topics.Intents, Topics.Recommendations];

    private readonly ConcurrentQueue<SessionUpdated> _updates = new();
    private readonly ConcurrentQueue<CandidatesGenerated> _candidates = new();
    private readonly ConcurrentQueue<IntentsInferred> _intents = new();
    private readonly ConcurrentQueue<RecommendationsIssued> _answers = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly IConsumer<string?, byte[]> _consumer;

    public OutputTopics(string bootstrapServers, int partitions)
    {
        _consumer = new ConsumerBuilder<string?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "faults-observer",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            FetchWaitMaxMs = 50,
        }).SetLogHandler(static (_, _) => { }).Build();
        _consumer.Assign(Followed.SelectMany(topic => Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning))));
        _thread = new Thread(Run) { IsBackground = true, Name = "faults-observer" };
        _thread.Start();
    }

    public IEnumerable<SessionUpdated> Updates(string prefix) => _updates.Where(u => u.SessionId.StartsWith(prefix, StringComparison.Ordinal));

    public IEnumerable<CandidatesGenerated> Candidates(string prefix) => _candidates.Where(c => c.SessionId.StartsWith(prefix, StringComparison.Ordinal));

    public IEnumerable<IntentsInferred> Intents(string prefix) => _intents.Where(i => i.SessionId.StartsWith(prefix, StringComparison.Ordinal));

    public IEnumerable<RecommendationsIssued> Answers(string prefix) => _answers.Where(a => a.SessionId.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>The newest session version each session of <paramref name="prefix"/> has an answer for.</summary>
    public Dictionary<string, long> AnsweredVersions(string prefix) =>
        Answers(prefix).GroupBy(a => a.SessionId).ToDictionary(g => g.Key, g => g.Max(a => a.SessionVersion), StringComparer.Ordinal);

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(10));
        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        while (!_stop.IsCancellationRequested)
        {
            ConsumeResult<string?, byte[]>? message;
            try
            {
                message = _consumer.Consume(TimeSpan.FromMilliseconds(100));
            }
            catch (ConsumeException)
            {
                continue;
            }

            if (message is null)
            {
                continue;
            }

            var value = message.Message.Value;
            switch (message.Topic)
            {
                case Topics.SessionUpdates:
                    _updates.Enqueue(JsonSerializer.Deserialize(value, StreamingJsonContext.Default.SessionUpdated)!);
                    break;
                case Topics.Candidates:
                    _candidates.Enqueue(JsonSerializer.Deserialize(value, StreamingJsonContext.Default.CandidatesGenerated)!);
                    break;
                case Topics.Intents:
                    _intents.Enqueue(JsonSerializer.Deserialize(value, StreamingJsonContext.Default.IntentsInferred)!);
                    break;
                default:
                    _answers.Enqueue(JsonSerializer.Deserialize(value, StreamingJsonContext.Default.RecommendationsIssued)!);
                    break;
            }
        }
    }
}
