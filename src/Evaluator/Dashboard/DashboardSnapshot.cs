namespace Streaming.Evaluator.Dashboard;

/// <summary>What <c>/api/series</c> returns: the sample times (Unix seconds) and every chart's series over them.</summary>
public sealed record DashboardSnapshot(IReadOnlyList<long> Time, IReadOnlyList<DashboardChart> Charts);
