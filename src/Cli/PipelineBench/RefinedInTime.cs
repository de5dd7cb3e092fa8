namespace Streaming.Cli.PipelineBench;

/// <summary>
/// Sessions with at least two clicks that got a refined answer within <see cref="WithinSeconds"/> of one of their
/// clicks 2, 3, … (share), and of all those clicks the share refined that soon.
/// </summary>
internal sealed record RefinedInTime(double WithinSeconds, int Sessions, double SessionShare, int Updates, double UpdateShare);
