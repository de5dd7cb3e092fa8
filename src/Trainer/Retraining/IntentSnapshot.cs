namespace Streaming.Trainer.Retraining;

/// <summary>
/// The intents of an <see cref="IntentLog"/> at one moment: per session, its records in version order; and the source
/// (provider/prompt version) of the record read last, the one a round keeps (see <see cref="IntentJoin"/>).
/// </summary>
public sealed record IntentSnapshot(IReadOnlyDictionary<string, IReadOnlyList<LoggedIntents>> BySession, string? NewestSource)
{
    public static IntentSnapshot Empty { get; } = new(new Dictionary<string, IReadOnlyList<LoggedIntents>>(StringComparer.Ordinal), null);

    /// <summary>Builds a snapshot from records in log order (tests, and a replay read in one go).</summary>
    public static IntentSnapshot From(IEnumerable<LoggedIntents> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var bySession = new Dictionary<string, SortedList<long, LoggedIntents>>(StringComparer.Ordinal);
        LoggedIntents? newest = null;
        foreach (var record in records)
        {
            if (!bySession.TryGetValue(record.SessionId, out var versions))
            {
                versions = [];
                bySession[record.SessionId] = versions;
            }

            versions[record.Version] = record;
            newest = record;
        }

        return new IntentSnapshot(
            bySession.ToDictionary(entry => entry.Key, entry => (IReadOnlyList<LoggedIntents>)[.. entry.Value.Values], StringComparer.Ordinal),
            newest?.Source);
    }
}
