namespace Streaming.Trainer.Training;

/// <summary>The metric keys of reports and metrics.json, in output order.</summary>
public static class MetricNames
{
    public static readonly IReadOnlyList<string> All = ["HR@5", "HR@10", "HR@20", "MRR@5", "MRR@10", "MRR@20"];
}
