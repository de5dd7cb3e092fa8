namespace Streaming.Evaluator;

/// <summary>
/// The latest answer of each kind and the last clicks of recently active sessions, for the dashboard's session panel.
/// Bounded: the least recently active session is forgotten first. Thread-safe.
/// </summary>
public sealed class RecentSessions
{
    private const int SessionsKept = 10_000;
    private const int ClicksKept = 20;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _byId = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _byActivity = new();

    /// <summary>The session that got the newest answer, or null.</summary>
    public string? Latest
    {
        get
        {
            lock (_lock)
            {
                return _byActivity.First?.Value.SessionId;
            }
        }
    }

    public void Add(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        lock (_lock)
        {
            var entry = Touch(answer.SessionId);
            if (!entry.Answers.TryGetValue(answer.Kind, out var current) || current.SessionVersion <= answer.SessionVersion)
            {
                entry.Answers[answer.Kind] = answer;
            }
        }
    }

    public void Add(SessionClick click)
    {
        ArgumentNullException.ThrowIfNull(click);
        lock (_lock)
        {
            var clicks = Touch(click.SessionId).Clicks;
            clicks.Add(click);
            if (clicks.Count > ClicksKept)
            {
                clicks.RemoveAt(0);
            }
        }
    }

    /// <summary>The session's latest answers (by kind) and last clicks, or null when it is not among the recent ones.</summary>
    public (IReadOnlyList<Answer> Answers, IReadOnlyList<SessionClick> Clicks)? Get(string sessionId)
    {
        lock (_lock)
        {
            if (!_byId.TryGetValue(sessionId, out var node))
            {
                return null;
            }

            var entry = node.Value;
            return ([.. AnswerKind.All.Where(entry.Answers.ContainsKey).Select(kind => entry.Answers[kind])], [.. entry.Clicks]);
        }
    }

    private Entry Touch(string sessionId)
    {
        if (_byId.TryGetValue(sessionId, out var node))
        {
            _byActivity.Remove(node);
            _byActivity.AddFirst(node);
            return node.Value;
        }

        node = _byActivity.AddFirst(new Entry(sessionId));
        _byId[sessionId] = node;
        if (_byId.Count > SessionsKept)
        {
            _byId.Remove(_byActivity.Last!.Value.SessionId);
            _byActivity.RemoveLast();
        }

        return node.Value;
    }

    private sealed record Entry(string SessionId)
    {
        public Dictionary<string, Answer> Answers { get; } = new(StringComparer.Ordinal);

        public List<SessionClick> Clicks { get; } = [];
    }
}
