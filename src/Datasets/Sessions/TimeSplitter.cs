namespace Streaming.Core.Sessions;

/// <summary>
/// Our own protocol's train/validation/test split: sessions ordered by end time, the latest
/// <see cref="TimeSplitOptions.TestFraction"/> are test, the ones before them validation. Cut points
/// are times, so sessions ending at the same instant always land on the same side.
/// </summary>
public static class TimeSplitter
{
    public static SessionSplit Split(IReadOnlyList<Session> sessions, TimeSplitOptions options)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (sessions.Count < 3)
        {
            throw new ArgumentException("a time-based split needs at least 3 sessions", nameof(sessions));
        }

        if (sessions.Any(s => s.EndTime is null))
        {
            throw new InvalidOperationException("a time-based split needs sessions with real timestamps");
        }

        var ends = sessions.Select(s => s.EndTime!.Value).Order().ToArray();
        var testCount = Math.Max(1, (int)Math.Ceiling(ends.Length * options.TestFraction));
        var validationCount = (int)Math.Ceiling(ends.Length * options.ValidationFraction);
        var testStart = ends[ends.Length - testCount];
        var validationStart = ends[Math.Max(0, ends.Length - testCount - validationCount)];

        var train = sessions.Where(s => s.EndTime < validationStart).ToList();
        var validation = sessions.Where(s => s.EndTime >= validationStart && s.EndTime < testStart).ToList();
        var test = sessions.Where(s => s.EndTime >= testStart).ToList();

        if (options.DropUnseenItems)
        {
            var seen = train.SelectMany(s => s.Clicks).Select(c => c.ItemId).ToHashSet(StringComparer.Ordinal);
            validation = KeepSeen(validation, seen, options.MinEvaluationLength);
            test = KeepSeen(test, seen, options.MinEvaluationLength);
        }
        else
        {
            validation = validation.Where(s => s.Length >= options.MinEvaluationLength).ToList();
            test = test.Where(s => s.Length >= options.MinEvaluationLength).ToList();
        }

        return new SessionSplit(train, validation, test, validationStart, testStart);
    }

    private static List<Session> KeepSeen(List<Session> sessions, HashSet<string> seen, int minLength) =>
        sessions
            .Select(s => s with { Clicks = s.Clicks.Where(c => seen.Contains(c.ItemId)).ToList() })
            .Where(s => s.Length >= minLength)
            .ToList();
}
