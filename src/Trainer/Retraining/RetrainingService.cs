using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Messaging;

namespace Streaming.Trainer.Retraining;

/// <summary>
/// Decides when to retrain and runs the rounds: every <see cref="TrainerOptions.CheckInterval"/> it checks that at
/// least <see cref="TrainerOptions.MinNewClicks"/> clicks arrived since the last round and at least
/// <see cref="TrainerOptions.MinInterval"/> passed since it ended (or since the start). A round runs on a dedicated
/// thread, so the clicks consume loop (another hosted service) keeps reading meanwhile; rounds never overlap because
/// this loop awaits each one. A round takes snapshots of both logs (clicks and intents). A published version is
/// announced on <c>models</c> (keyed by model name, delivery awaited).
/// </summary>
public sealed partial class RetrainingService(
    ClickLog clicks,
    IntentLog intents,
    IntentEncodingProvider intentEncodings,
    RetrainingRound round,
    ModelAnnouncer announcer,
    TrainerMetrics metrics,
    IOptions<TrainerOptions> options,
    IOptions<KafkaOptions> kafka,
    ILogger<RetrainingService> logger) : BackgroundService
{
    private readonly TrainerOptions _options = options.Value;

    /// <summary>The last round's result (null before the first); for tests and status lines.</summary>
    public RoundResult? LastResult { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Started(logger, _options.MinNewClicks, _options.MinInterval, _options.RegistryPath!, _options.Epochs);
        if (!intentEncodings.Enabled)
        {
            Log.FusedNotRetrained(logger);
        }
        if (kafka.Value.AutoOffsetReset != AutoOffsetReset.Earliest)
        {
            Log.NotFromEarliest(logger, kafka.Value.AutoOffsetReset);
        }

        var lastRoundEnded = Stopwatch.GetTimestamp();
        var clicksAtLastRound = 0L;
        var number = 0;
        using var timer = new PeriodicTimer(_options.CheckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var appended = clicks.Appended;
                if (appended - clicksAtLastRound < _options.MinNewClicks || Stopwatch.GetElapsedTime(lastRoundEnded) < _options.MinInterval)
                {
                    continue;
                }

                clicksAtLastRound = appended;
                var snapshot = clicks.Snapshot();
                var intentSnapshot = intents.Snapshot();
                var current = ++number;
                // Training is synchronous and takes minutes: a dedicated thread, not a pool thread.
                var result = await Task.Factory.StartNew(
                    () => RunRound(current, snapshot, intentSnapshot, stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                lastRoundEnded = Stopwatch.GetTimestamp();
                if (result.Outcome == RoundOutcome.Failed)
                {
                    // A failed round learned nothing: retry after the interval even if no new click came.
                    clicksAtLastRound -= _options.MinNewClicks;
                }

                LastResult = result;
                metrics.Round(result);
                if (result.Published is { } version)
                {
                    await announcer.AnnounceAsync(version, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a round in progress ends at its next batch.
        }
    }

    private RoundResult RunRound(int number, IReadOnlyList<Core.Datasets.Interaction> snapshot, IntentSnapshot intentSnapshot, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return round.Run(number, snapshot, intentSnapshot, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A failed round must not stop the worker (it still follows the log); the next one comes after the interval.
            Log.RoundFailed(logger, ex, number, snapshot.Count);
            return new RoundResult(number, RoundOutcome.Failed, "failed", snapshot.Count, 0, 0, 0, null, null, null, null, Stopwatch.GetElapsedTime(started));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5101, EventName = "TrainerStarted", Level = LogLevel.Information,
            Message = "Following the clicks topic from its earliest offset; retraining SR-GNN ({Epochs} epochs) after {MinNewClicks} new clicks and at least {MinInterval} between rounds, publishing to {Registry}")]
        public static partial void Started(ILogger logger, int minNewClicks, TimeSpan minInterval, string registry, int epochs);

        [LoggerMessage(EventId = 5102, EventName = "FusedModelNotRetrained", Level = LogLevel.Information,
            Message = "The fused LLM-DMsRec model is not retrained here (Trainer:TrainFused is off, or no intent catalog: set IntentWorker:CatalogPath or Trainer:IntentCatalogPath); publish one with 'streaming models publish --candidates'")]
        public static partial void FusedNotRetrained(ILogger logger);

        [LoggerMessage(EventId = 5103, EventName = "TrainerNotFromEarliest", Level = LogLevel.Warning,
            Message = "Kafka:AutoOffsetReset is {Reset}: the trainer will learn only from clicks produced after it started")]
        public static partial void NotFromEarliest(ILogger logger, AutoOffsetReset reset);

        [LoggerMessage(EventId = 5104, EventName = "RoundFailed", Level = LogLevel.Error,
            Message = "Round {Round} on {Clicks} clicks failed; the served model stays and the next round comes after the interval")]
        public static partial void RoundFailed(ILogger logger, Exception exception, int round, int clicks);
    }
}
