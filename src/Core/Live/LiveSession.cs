using Streaming.Core.Catalog;

namespace Streaming.Core.Live;

/// <summary>
/// The live session graph as Ingest keeps it: the click window (most recent clicks, oldest first), its unique
/// items in first-seen order (the nodes), the sequence as node indices, and the weighted directed edges between
/// consecutive clicks. Nodes and edges always describe exactly the window; <see cref="FromClicks"/> is the
/// reference definition that the Redis script implements incrementally.
/// </summary>
public sealed class LiveSession
{
    public LiveSession(long version, IReadOnlyList<string> nodes, IReadOnlyList<int> sequence, IReadOnlyList<SessionEdge> edges, long lastClickTimeMs)
    {
        Version = version;
        Nodes = nodes;
        Sequence = sequence;
        Edges = edges;
        LastClickTimeMs = lastClickTimeMs;
    }

    /// <summary>Number of clicks applied to this session so far (also those that left the window).</summary>
    public long Version { get; }

    /// <summary>Unique item ids of the window, in first-seen order.</summary>
    public IReadOnlyList<string> Nodes { get; }

    /// <summary>The window as indices into <see cref="Nodes"/>, oldest first.</summary>
    public IReadOnlyList<int> Sequence { get; }

    /// <summary>Transitions between consecutive clicks of the window, in first-seen order, with counts.</summary>
    public IReadOnlyList<SessionEdge> Edges { get; }

    /// <summary>The latest event time among applied clicks (epoch ms); event time never reorders the window.</summary>
    public long LastClickTimeMs { get; }

    /// <summary>The item ids of the window, oldest first.</summary>
    public IEnumerable<string> Items => Sequence.Select(index => Nodes[index]);

    public int Length => Sequence.Count;

    /// <summary>
    /// The window as the model's item indices under <paramref name="catalog"/> (what <c>SessionGraphBuilder</c>
    /// takes, in training and in serving alike). Items the catalog does not know — newer than the model — are
    /// skipped, so the model sees the known clicks in order; empty when it knows none.
    /// </summary>
    public int[] ToModelClicks(ItemCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var indices = new List<int>(Sequence.Count);
        foreach (var item in Items)
        {
            if (catalog.TryGetIndex(item, out var index))
            {
                indices.Add(index);
            }
        }

        return [.. indices];
    }

    /// <summary>The reference definition: the session after applying <paramref name="items"/> in order with a window of <paramref name="maxLength"/>.</summary>
    public static LiveSession FromClicks(IReadOnlyList<string> items, int maxLength, long version, long lastClickTimeMs)
    {
        ArgumentNullException.ThrowIfNull(items);
        var window = items.Skip(Math.Max(0, items.Count - maxLength)).ToList();
        var nodes = new List<string>();
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var sequence = new List<int>(window.Count);
        foreach (var item in window)
        {
            if (!indexOf.TryGetValue(item, out var index))
            {
                index = nodes.Count;
                indexOf[item] = index;
                nodes.Add(item);
            }

            sequence.Add(index);
        }

        var edges = new List<SessionEdge>();
        var edgeAt = new Dictionary<(int, int), int>();
        for (var i = 1; i < sequence.Count; i++)
        {
            var pair = (sequence[i - 1], sequence[i]);
            if (edgeAt.TryGetValue(pair, out var at))
            {
                edges[at] = edges[at] with { Weight = edges[at].Weight + 1 };
            }
            else
            {
                edgeAt[pair] = edges.Count;
                edges.Add(new SessionEdge(pair.Item1, pair.Item2, 1));
            }
        }

        return new LiveSession(version, nodes, sequence, edges, lastClickTimeMs);
    }

    /// <summary>Structural equality, for comparing stored state with the reference.</summary>
    public bool SameAs(LiveSession other) =>
        other is not null
        && Version == other.Version
        && LastClickTimeMs == other.LastClickTimeMs
        && Nodes.SequenceEqual(other.Nodes, StringComparer.Ordinal)
        && Sequence.SequenceEqual(other.Sequence)
        && Edges.SequenceEqual(other.Edges);

    public override string ToString() =>
        $"v{Version} [{string.Join(' ', Items)}] edges {string.Join(' ', Edges.Select(e => $"{e.From}>{e.To}x{e.Weight}"))}";
}
