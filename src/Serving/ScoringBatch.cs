using System.Diagnostics.CodeAnalysis;
using Streaming.Core.Catalog;
using Streaming.Core.Graph;
using Streaming.Core.Live;

namespace Streaming.Serving;

/// <summary>
/// The sessions of one poll batch that a served model can score, in the order they were added: each live session's
/// window becomes the model's item indices (<see cref="LiveSession.ToModelClicks"/>: items newer than the model are left
/// out) and its graph is built by the <see cref="SessionGraphBuilder"/> training uses. A session that cannot be scored
/// gets the skip reason the workers count: <see cref="SkipReasons.SessionMissing"/>, then <see cref="SkipReasons.NoKnownItems"/>.
/// </summary>
public sealed class ScoringBatch
{
    private readonly ItemCatalog _catalog;
    private readonly SessionGraphBuilder _builder;
    private readonly List<SessionGraph> _graphs;

    public ScoringBatch(ItemCatalog catalog, SessionGraphBuilder builder, int capacity = 0)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(builder);
        _catalog = catalog;
        _builder = builder;
        _graphs = new List<SessionGraph>(capacity);
    }

    /// <summary>Sessions added so far; row <c>i</c> of the model's answer is the <c>i</c>-th session added.</summary>
    public int Count => _graphs.Count;

    /// <summary>Adds <paramref name="session"/> as the next row, or says why it cannot be scored.</summary>
    public bool TryAdd(LiveSession? session, [NotNullWhen(false)] out string? skipReason)
    {
        if (!CanScore(session, out var clicks, out skipReason))
        {
            return false;
        }

        Add(clicks);
        return true;
    }

    /// <summary>The session's clicks as the model's item indices, or why it cannot be scored (for a worker with reasons of its own to check before <see cref="Add"/>).</summary>
    public bool CanScore(LiveSession? session, out int[] clicks, [NotNullWhen(false)] out string? skipReason)
    {
        clicks = session?.ToModelClicks(_catalog) ?? [];
        skipReason = session is null ? SkipReasons.SessionMissing : clicks.Length == 0 ? SkipReasons.NoKnownItems : null;
        return skipReason is null;
    }

    /// <summary>Adds the next row from clicks <see cref="CanScore"/> accepted.</summary>
    public void Add(int[] clicks) => _graphs.Add(_builder.Build(clicks));

    /// <summary>The rows as one batch in the model's layout.</summary>
    public SessionGraphBatch Pack(SessionGraphLayout layout) => SessionGraphBatch.Pack(_graphs, layout);
}
