using System.Globalization;
using Microsoft.Extensions.Hosting;
using Streaming.ServiceDefaults;

namespace Streaming.Evaluator.Dashboard;

/// <summary>
/// Once a second, turns the evaluator's figures and the process's instruments into one sample of every dashboard
/// chart: messages/s per stage, click-to-answer p50/p99 per stage, consumer lag per group, live HR@20/MRR@20 per
/// answer kind (sliding window), the intent counters, and the model version answering each kind.
/// </summary>
public sealed class DashboardSampler(
    PrequentialEvaluator evaluator,
    StageTraffic traffic,
    TelemetryReader telemetry,
    DashboardHistory history,
    TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, long> _lastCounts = new(StringComparer.Ordinal);
    private DateTimeOffset? _lastTime;

    /// <summary>Declares the charts, in the order the page shows them.</summary>
    public static void Declare(DashboardHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        history.Chart("throughput", "Clicks in and answers out per stage", "msg/s");
        history.Chart("latency", "Click-to-answer latency per stage (p50, p99)", "ms");
        history.Chart("lag", "Consumer lag per group", "messages");
        history.Chart("accuracy", "Live accuracy per answer kind (sliding window)", "%");
        history.Chart("intents", "Intents: asked, cached, inferred, skipped by reason, hallucinations dropped", "total");
        history.Chart("models", "Model version answering each kind", "version");
    }

    /// <summary>Takes one sample now.</summary>
    public void Sample()
    {
        var now = time.GetUtcNow();
        telemetry.Observe();
        var seconds = _lastTime is { } last ? (now - last).TotalSeconds : 0;
        _lastTime = now;

        var throughput = new Dictionary<string, double?>(StringComparer.Ordinal);
        var latency = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var stage in Stage.All)
        {
            var count = traffic.Count(stage);
            throughput[stage] = seconds > 0 ? (count - _lastCounts.GetValueOrDefault(stage)) / seconds : null;
            _lastCounts[stage] = count;
            if (stage != Stage.Clicks)
            {
                latency[stage + " p50"] = traffic.Latency(stage, 0.50);
                latency[stage + " p99"] = traffic.Latency(stage, 0.99);
            }
        }

        var lag = telemetry.SumBy("streaming.messaging.consumer_lag", "group").ToDictionary(g => g.Key, g => (double?)g.Value, StringComparer.Ordinal);

        var accuracy = new Dictionary<string, double?>(StringComparer.Ordinal);
        var models = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var kind in AnswerKind.All)
        {
            var figures = evaluator.Accuracy(kind);
            accuracy[kind + " HR@20"] = figures.Samples > 0 ? figures.HitRate20 : null;
            accuracy[kind + " MRR@20"] = figures.Samples > 0 ? figures.Mrr20 : null;
            models[kind] = VersionNumber(evaluator.LatestModel(kind));
        }

        var intents = new Dictionary<string, double?>(StringComparer.Ordinal)
        {
            ["asked"] = telemetry.SumBy("streaming.intents.answer_cache", "result").GetValueOrDefault("miss"),
            ["cached"] = telemetry.SumBy("streaming.intents.answer_cache", "result").GetValueOrDefault("hit"),
            ["inferred"] = telemetry.Sum("streaming.intents.inferred"),
            ["hallucinations dropped"] = telemetry.SumBy("streaming.intents.dropped", "kind").GetValueOrDefault("not-a-candidate"),
        };
        foreach (var (reason, count) in telemetry.SumBy("streaming.intents.skipped", "reason"))
        {
            intents["skipped: " + reason] = count;
        }

        history.Add(now.ToUnixTimeSeconds(), new Dictionary<string, IReadOnlyDictionary<string, double?>>(StringComparer.Ordinal)
        {
            ["throughput"] = throughput,
            ["latency"] = latency,
            ["lag"] = lag,
            ["accuracy"] = accuracy,
            ["intents"] = intents,
            ["models"] = models,
        });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                Sample();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    // "v000003" -> 3: the registry's version names end in their number.
    private static double? VersionNumber(string? version)
    {
        if (version is null)
        {
            return null;
        }

        var digits = new string([.. version.Reverse().TakeWhile(char.IsAsciiDigit).Reverse()]);
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
    }
}
