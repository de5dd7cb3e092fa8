using Microsoft.Extensions.Options;

namespace Streaming.Trainer.Retraining;

/// <summary>
/// The intents the trainer has read from <c>intents</c>, in memory and in log order. Written by the intents consume
/// loop, read as a snapshot by the round (<see cref="IntentSnapshot.From"/>: per session and version, a later record
/// for the same version replacing an earlier one, as in Redis, where the Ranker reads the last one written). A
/// re-delivered offset is kept once; beyond <see cref="TrainerOptions.MaxClicks"/> records the oldest are dropped.
/// Thread-safe.
/// </summary>
public sealed class IntentLog(IOptions<TrainerOptions> options)
{
    private readonly int _maxRecords = options.Value.MaxClicks;
    private readonly Lock _lock = new();
    private readonly List<LoggedIntents> _records = [];
    private readonly Dictionary<(string Topic, int Partition), long> _nextOffset = [];

    /// <summary>Records held now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _records.Count;
            }
        }
    }

    /// <summary>Adds a record read at <paramref name="partition"/>/<paramref name="offset"/>; false when that offset was already read.</summary>
    public bool TryAppend(string topic, int partition, long offset, LoggedIntents intents)
    {
        ArgumentNullException.ThrowIfNull(intents);
        lock (_lock)
        {
            var key = (topic, partition);
            if (_nextOffset.TryGetValue(key, out var next) && offset < next)
            {
                return false;
            }

            _nextOffset[key] = offset + 1;
            _records.Add(intents);
            // Trimmed in steps of a tenth, so the copy happens once per MaxClicks / 10 appends.
            if (_records.Count > _maxRecords + (_maxRecords / 10))
            {
                _records.RemoveRange(0, _records.Count - _maxRecords);
            }

            return true;
        }
    }

    /// <summary>The records held now, per session and version.</summary>
    public IntentSnapshot Snapshot()
    {
        LoggedIntents[] copy;
        lock (_lock)
        {
            copy = [.. _records];
        }

        return IntentSnapshot.From(copy);
    }
}
