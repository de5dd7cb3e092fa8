using Microsoft.Extensions.Options;
using Streaming.State;

namespace Streaming.Ingest;

/// <summary>
/// Ingest's settings applied to State's <see cref="LiveSessionWriter"/>: a batch of clicks becomes one script call
/// per session (its clicks in order, atomic and idempotent), all in one pipelined round trip.
/// </summary>
public sealed class ClickApplier(LiveSessionWriter writer, IOptions<IngestOptions> options)
{
    private readonly LiveSessionLimits _limits = new(options.Value.MaxSessionLength, options.Value.SessionTtl, options.Value.RecentEventIds);

    public Task<ApplyOutcome[]> ApplyAsync(IReadOnlyList<ClickToApply> clicks, CancellationToken cancellationToken) =>
        writer.ApplyAsync(clicks, _limits, cancellationToken);
}
