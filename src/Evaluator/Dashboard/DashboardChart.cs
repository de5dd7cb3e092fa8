namespace Streaming.Evaluator.Dashboard;

/// <summary>One plot of the dashboard: its series by name, each aligned with the sample times (null: no value then).</summary>
public sealed record DashboardChart(string Id, string Title, string Unit, IReadOnlyDictionary<string, IReadOnlyList<double?>> Series);
