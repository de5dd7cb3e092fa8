using Microsoft.Extensions.Options;
using Streaming.Core.Datasets;

namespace Streaming.Trainer.Retraining;

/// <summary>
/// The clicks the trainer has read, in memory, as <see cref="Interaction"/>s whose user is the click's session id
/// (so the sessionizer's per-user rule makes one session per session id). Written by the consume loop, read as a
/// snapshot by the retraining round. A re-delivered offset and a repeated event id are kept once; beyond
/// <see cref="TrainerOptions.MaxClicks"/> the oldest clicks are dropped. Thread-safe.
/// </summary>
public sealed class ClickLog(IOptions<TrainerOptions> options)
{
    private readonly int _maxClicks = options.Value.MaxClicks;
    private readonly Lock _lock = new();
    private readonly List<Interaction> _clicks = [];
    private readonly List<string?> _eventIds = [];
    private readonly HashSet<string> _seenEventIds = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Topic, int Partition), long> _nextOffset = [];
    private long _appended;

    /// <summary>Clicks held now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _clicks.Count;
            }
        }
    }

    /// <summary>Clicks appended since the process started (dropped ones included).</summary>
    public long Appended => Interlocked.Read(ref _appended);

    /// <summary>Adds a click read at <paramref name="partition"/>/<paramref name="offset"/>; false when it was already added.</summary>
    public bool TryAppend(string topic, int partition, long offset, Interaction click, string? eventId)
    {
        ArgumentNullException.ThrowIfNull(click);
        lock (_lock)
        {
            var key = (topic, partition);
            if (_nextOffset.TryGetValue(key, out var next) && offset < next)
            {
                return false;
            }

            _nextOffset[key] = offset + 1;
            if (eventId is not null && !_seenEventIds.Add(eventId))
            {
                return false;
            }

            _clicks.Add(click);
            _eventIds.Add(eventId);
            Interlocked.Increment(ref _appended);
            if (_clicks.Count > _maxClicks + (_maxClicks / 10))
            {
                Trim();
            }

            return true;
        }
    }

    /// <summary>The clicks held now (a copy; the records themselves are immutable).</summary>
    public IReadOnlyList<Interaction> Snapshot()
    {
        lock (_lock)
        {
            return [.. _clicks];
        }
    }

    // Trimmed in steps of a tenth, so the copy happens once per MaxClicks / 10 appends, not per click.
    private void Trim()
    {
        var drop = _clicks.Count - _maxClicks;
        for (var i = 0; i < drop; i++)
        {
            if (_eventIds[i] is { } id)
            {
                _seenEventIds.Remove(id);
            }
        }

        _clicks.RemoveRange(0, drop);
        _eventIds.RemoveRange(0, drop);
    }
}
