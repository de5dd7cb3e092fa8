using Microsoft.Extensions.Options;
using Streaming.Core.Contracts;
using Streaming.Messaging;

namespace Streaming.Trainer.Retraining;

/// <summary>
/// One round offline from the topics (<c>streaming train --from-topics</c>): reads <c>clicks</c> and <c>intents</c> from
/// their earliest retained offsets to their current ends through the worker's own batch handlers and logs, runs the
/// worker's round on them, and announces a published version, as the worker does.
/// </summary>
public sealed class TopicRound(
    ClicksBatchHandler clicksHandler,
    IntentsBatchHandler intentsHandler,
    ClickLog clicks,
    IntentLog intents,
    RetrainingRound round,
    ModelAnnouncer announcer,
    IOptions<KafkaOptions> kafka)
{
    /// <summary>How long reading may wait for a message before the topic's end (the cluster is not answering).</summary>
    public TimeSpan Idle { get; init; } = TimeSpan.FromSeconds(30);

    public async Task<RoundResult> RunAsync(IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var servers = kafka.Value.BootstrapServers ?? throw new InvalidOperationException("Kafka:BootstrapServers is not set.");
        var clickMessages = await TopicSnapshotReader.ReadToEndAsync(servers, Topics.Clicks, clicksHandler, Idle, cancellationToken);
        progress?.Report($"read {clickMessages} messages from '{Topics.Clicks}': {clicks.Count} clicks kept");
        var intentMessages = await TopicSnapshotReader.ReadToEndAsync(servers, Topics.Intents, intentsHandler, Idle, cancellationToken);
        progress?.Report($"read {intentMessages} messages from '{Topics.Intents}': {intents.Count} intent records kept");
        var clickSnapshot = clicks.Snapshot();
        var intentSnapshot = intents.Snapshot();
        var result = await Task.Factory.StartNew(
            () => round.Run(1, clickSnapshot, intentSnapshot, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (result.Published is { } version)
        {
            await announcer.AnnounceAsync(version, cancellationToken);
        }

        return result;
    }
}
