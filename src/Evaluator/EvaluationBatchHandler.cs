using System.Text.Json;
using Confluent.Kafka;
using Streaming.Core.Contracts;
using Streaming.Messaging;

namespace Streaming.Evaluator;

/// <summary>
/// Feeds the <see cref="PrequentialEvaluator"/> from one poll batch of <c>clicks</c>, <c>session-updates</c>,
/// <c>candidates</c>, <c>intents</c> and <c>recommendations</c>: the clicks as Ingest applied them (the version each
/// made) come from <c>session-updates</c>, answers from <c>candidates</c> and <c>recommendations</c>; every message
/// counts for its stage's rate and click-to-answer latency (its producer timestamp minus its <c>click-time</c>
/// header). An unreadable message is counted and skipped: the stage that consumes it dead-letters it already.
/// </summary>
public sealed class EvaluationBatchHandler(
    PrequentialEvaluator evaluator,
    StageTraffic traffic,
    RecentSessions recent,
    EvaluatorMetrics metrics) : IMessageBatchHandler
{
    public ValueTask HandleAsync(IReadOnlyList<ConsumeResult<string?, byte[]>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var message in batch)
        {
            try
            {
                Handle(message);
            }
            catch (JsonException)
            {
                metrics.Invalid(message.Topic, "invalid-event");
            }
            catch (InvalidDataException)
            {
                metrics.Invalid(message.Topic, "missing-field");
            }
        }

        evaluator.Expire();
        return ValueTask.CompletedTask;
    }

    private void Handle(ConsumeResult<string?, byte[]> message)
    {
        var producedAt = message.Message.Timestamp.UnixTimestampMs > 0
            ? DateTimeOffset.FromUnixTimeMilliseconds(message.Message.Timestamp.UnixTimestampMs)
            : DateTimeOffset.UtcNow;
        switch (message.Topic)
        {
            case Topics.Clicks:
                Seen(Stage.Clicks, message, producedAt);
                break;
            case Topics.SessionUpdates:
                var update = Read(message, StreamingJsonContext.Default.SessionUpdated);
                Required(update.SessionId);
                Seen(Stage.SessionUpdates, message, producedAt);
                // A re-delivered click's update names no item: its version may belong to another click.
                if (update.ItemId is { Length: > 0 } item)
                {
                    var click = new SessionClick(update.SessionId, update.Version, item, producedAt);
                    evaluator.Observe(click);
                    recent.Add(click);
                }

                break;
            case Topics.Candidates:
                var generated = Read(message, StreamingJsonContext.Default.CandidatesGenerated);
                Required(generated.SessionId, generated.ModelVersion, generated.Candidates);
                Seen(Stage.Candidates, message, producedAt);
                Observe(new Answer(generated.SessionId, generated.SessionVersion, AnswerKind.Candidates, generated.ModelVersion, Ids(generated.Candidates), producedAt));
                break;
            case Topics.Intents:
                Required(Read(message, StreamingJsonContext.Default.IntentsInferred).SessionId);
                Seen(Stage.Intents, message, producedAt);
                break;
            case Topics.Recommendations:
                var issued = Read(message, StreamingJsonContext.Default.RecommendationsIssued);
                Required(issued.SessionId, issued.ModelVersion, issued.Items);
                var kind = AnswerKind.OfRecommendation(issued.SessionVersion, issued.IntentsVersion);
                Seen(kind == AnswerKind.Refined ? Stage.Refined : Stage.Immediate, message, producedAt);
                Observe(new Answer(issued.SessionId, issued.SessionVersion, kind, issued.ModelVersion, Ids(issued.Items), producedAt));
                break;
            default:
                metrics.Invalid(message.Topic, "unexpected-topic");
                break;
        }
    }

    private void Observe(Answer answer)
    {
        evaluator.Observe(answer);
        recent.Add(answer);
    }

    private void Seen(string stage, ConsumeResult<string?, byte[]> message, DateTimeOffset producedAt)
    {
        TimeSpan? latency = MessageHeaders.TryGetClickTime(message.Message.Headers, out var clickTime) ? producedAt - clickTime : null;
        traffic.Seen(stage, latency);
        metrics.Seen(stage, latency);
    }

    // Only the top 20 is ever scored or shown: the rest would only hold memory while the answer waits for its click.
    private static string[] Ids(IReadOnlyList<ScoredItem> items) => [.. items.Take(WindowedRanking.Cutoffs[^1]).Select(item => item.ItemId)];

    private static T Read<T>(ConsumeResult<string?, byte[]> message, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(message.Message.Value, type) ?? throw new JsonException("null event");

    private static void Required(params object?[] fields)
    {
        if (fields.Any(field => field is null || field is string { Length: 0 }))
        {
            throw new InvalidDataException("a required field is missing");
        }
    }
}
