namespace Streaming.Cli.PipelineBench;

/// <summary>The JSON result of <c>streaming bench pipeline</c> (fields documented in docs/BENCHMARKS.md).</summary>
internal sealed record PipelineBenchResult(
    string Command,
    DateTimeOffset Started,
    int Cores,
    string LoadAverageStart,
    string LoadAverageEnd,
    string Data,
    string Served,
    double ClickGapSeconds,
    int FloorProbesPerSecond,
    StageFigures IdleFloor,
    IReadOnlyList<RateResult> Rates);

/// <summary>One rate's run: what was driven, what came out per stage, and what the workers did meanwhile.</summary>
internal sealed record RateResult(
    string Run,
    int? TargetClicksPerSecond,
    double DurationSeconds,
    long Produced,
    int Clicks,
    double AchievedClicksPerSecond,
    string LoadAverageStart,
    string LoadAverageEnd,
    double ProcessCpuCores,
    StageFigures Floor,
    IReadOnlyList<StageResult> Stages,
    IReadOnlyList<RefinedInTime> Refined,
    double DrainSeconds,
    IReadOnlyDictionary<string, long> BacklogAfterDrain,
    IReadOnlyList<LagSample> Lag,
    IReadOnlyDictionary<string, long> OffsetsSkipped,
    long ObserverGaps,
    IReadOnlyList<HandlerFigures> Handlers,
    IReadOnlyDictionary<string, long> Counters,
    IReadOnlyDictionary<string, HistogramFigures> Histograms,
    IReadOnlyDictionary<string, IReadOnlyList<double[]>> LatencyOverTime);

/// <summary>A stage's figures and its latency against the floor measured during the same rate.</summary>
internal sealed record StageResult(
    string Stage,
    int Hops,
    int Reached,
    double Share,
    int Unmatched,
    LatencyDistribution Latency,
    double P50OverFloor,
    double P99OverFloor,
    double P99OverFloorTimesHops);

/// <summary>Consumer lag per group (summed over partitions) at a second since the bench started.</summary>
internal sealed record LagSample(double Second, IReadOnlyDictionary<string, long> Groups);

/// <summary>A consumer group's handler: batches, busy time and its share of the run, time per batch.</summary>
internal sealed record HandlerFigures(string Group, int Batches, double BusySeconds, double BusyShare, double P50Ms, double P99Ms, double MaxMs);

/// <summary>A histogram's sum, count and mean over one rate's run.</summary>
internal sealed record HistogramFigures(double Sum, long Count, double Mean);
