using System.Text.Json;
using Confluent.Kafka;
using Streaming.Core.Contracts;
using Streaming.Messaging;

namespace Streaming.Evaluator.Tests;

/// <summary>Produces what the pipeline's stages publish (with the <c>click-time</c> header), as the serving stages would.</summary>
internal sealed class PipelineMessages(string bootstrapServers) : IDisposable
{
    private readonly IProducer<string?, byte[]> _producer =
        new ProducerBuilder<string?, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, LingerMs = 0 }).Build();

    public Task ClickAsync(ClickEvent click, CancellationToken ct) =>
        ProduceAsync(Topics.Clicks, click.SessionId, ClickEventWriter.Write(click), clickTime: null, ct);

    public Task UpdateAsync(string session, long version, string item, DateTimeOffset clickTime, CancellationToken ct) =>
        ProduceAsync(Topics.SessionUpdates, session, Json(new SessionUpdated(session, version, clickTime, (int)version, item), StreamingJsonContext.Default.SessionUpdated), clickTime, ct);

    public Task CandidatesAsync(string session, long version, string model, string[] items, DateTimeOffset clickTime, CancellationToken ct) =>
        ProduceAsync(Topics.Candidates, session, Json(new CandidatesGenerated(session, version, model, Scored(items), clickTime), StreamingJsonContext.Default.CandidatesGenerated), clickTime, ct);

    public Task RecommendationsAsync(string session, long version, string model, string[] items, long? intentsVersion, DateTimeOffset clickTime, CancellationToken ct) =>
        ProduceAsync(
            Topics.Recommendations,
            session,
            Json(new RecommendationsIssued(session, version, model, Scored(items), intentsVersion, clickTime), StreamingJsonContext.Default.RecommendationsIssued),
            clickTime,
            ct);

    public Task IntentsAsync(string session, long version, DateTimeOffset clickTime, CancellationToken ct) =>
        ProduceAsync(
            Topics.Intents,
            session,
            Json(new IntentsInferred(session, version, "catalog", "v1", ["a title"], ["another"], 1, 2.5, clickTime), StreamingJsonContext.Default.IntentsInferred),
            clickTime,
            ct);

    public Task RawAsync(string topic, string key, string value, CancellationToken ct) =>
        ProduceAsync(topic, key, System.Text.Encoding.UTF8.GetBytes(value), clickTime: null, ct);

    public void Dispose() => _producer.Dispose();

    private async Task ProduceAsync(string topic, string key, byte[] value, DateTimeOffset? clickTime, CancellationToken ct)
    {
        var headers = new Headers();
        if (clickTime is { } time)
        {
            MessageHeaders.SetClickTime(headers, time);
        }

        await _producer.ProduceAsync(topic, new Message<string?, byte[]> { Key = key, Value = value, Headers = headers }, ct);
    }

    private static ScoredItem[] Scored(string[] items) => [.. items.Select((item, i) => new ScoredItem(item, 1f / (i + 1)))];

    private static byte[] Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);
}
