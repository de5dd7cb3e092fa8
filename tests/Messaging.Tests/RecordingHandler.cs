using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;

namespace Streaming.Messaging.Tests;

/// <summary>
/// Runs <see cref="OnMessage"/> for each message of a batch and records the batch's values only when the whole batch
/// succeeded, so <see cref="Handled"/> is what the loop acknowledged, in order.
/// </summary>
internal sealed class RecordingHandler : IMessageBatchHandler
{
    private readonly ConcurrentQueue<string> _handled = new();
    private readonly ConcurrentDictionary<string, int> _attempts = new();

    /// <summary>Called with the message's value and how many times it was seen (1-based).</summary>
    public Func<string, int, CancellationToken, ValueTask> OnMessage { get; set; } = static (_, _, _) => ValueTask.CompletedTask;

    public IReadOnlyList<string> Handled => [.. _handled];

    public int Batches { get; private set; }

    /// <summary>How many times the handler ran on <paramref name="value"/>.</summary>
    public int Attempts(string value) => _attempts.GetValueOrDefault(value);

    public async ValueTask HandleAsync(IReadOnlyList<ConsumeResult<string?, byte[]>> batch, CancellationToken cancellationToken)
    {
        var values = batch.Select(m => Encoding.UTF8.GetString(m.Message.Value)).ToList();
        foreach (var value in values)
        {
            var attempt = _attempts.AddOrUpdate(value, 1, static (_, n) => n + 1);
            await OnMessage(value, attempt, cancellationToken);
        }

        foreach (var value in values)
        {
            _handled.Enqueue(value);
        }

        Batches++;
    }
}
