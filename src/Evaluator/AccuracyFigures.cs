namespace Streaming.Evaluator;

/// <summary>Live accuracy of one answer kind (and one model version, or all: <see cref="AllModels"/>), as percentages.</summary>
public sealed record AccuracyFigures(
    string Kind,
    string ModelVersion,
    string Scope,
    long Samples,
    double HitRate10,
    double HitRate20,
    double Mrr10,
    double Mrr20,
    double Ndcg20)
{
    public const string AllModels = "all";
    public const string WindowScope = "window";
    public const string TotalScope = "total";
}
