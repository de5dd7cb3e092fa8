using System.Text;

namespace Streaming.Core.Live;

/// <summary>
/// The stored form of a live session: one Redis hash per session with short fields, compact enough for
/// about 450 bytes per typical session. Written by Ingest's script, read by every worker through <see cref="Decode"/>.
/// <list type="table">
/// <item><term>v</term><description>version (clicks applied)</description></item>
/// <item><term>n</term><description>node item ids, first-seen order, separated by U+001F (ids never contain control characters)</description></item>
/// <item><term>s</term><description>the window as one byte per click: node index + 1</description></item>
/// <item><term>g</term><description>edges as byte triples (from + 1, to + 1, weight)</description></item>
/// <item><term>t</term><description>latest click event time, epoch ms</description></item>
/// <item><term>p</term><description><c>partition:offset</c> of the last applied message (idempotency)</description></item>
/// <item><term>e</term><description>recent event ids separated by U+001F (idempotency against producer duplicates)</description></item>
/// </list>
/// One byte per index limits the window to <see cref="MaxWindow"/> clicks.
/// </summary>
public static class LiveSessionCodec
{
    public const char Separator = '\u001f';
    public const int MaxWindow = 200;

    public const string VersionField = "v";
    public const string NodesField = "n";
    public const string SequenceField = "s";
    public const string EdgesField = "g";
    public const string LastTimeField = "t";
    public const string PositionField = "p";
    public const string EventIdsField = "e";

    /// <summary>Decodes the hash fields; returns null for a session that does not exist (or expired).</summary>
    public static LiveSession? Decode(long? version, byte[]? nodes, byte[]? sequence, byte[]? edges, long? lastTimeMs)
    {
        if (version is null or 0 || sequence is null)
        {
            return null;
        }

        var nodeIds = nodes is null || nodes.Length == 0
            ? []
            : Encoding.UTF8.GetString(nodes).Split(Separator);
        var indices = new int[sequence.Length];
        for (var i = 0; i < sequence.Length; i++)
        {
            indices[i] = sequence[i] - 1;
            if (indices[i] < 0 || indices[i] >= nodeIds.Length)
            {
                throw new FormatException($"stored session sequence refers to node {indices[i]} of {nodeIds.Length}");
            }
        }

        edges ??= [];
        if (edges.Length % 3 != 0)
        {
            throw new FormatException($"stored session edges have {edges.Length} bytes, not a multiple of 3");
        }

        var edgeList = new SessionEdge[edges.Length / 3];
        for (var i = 0; i < edgeList.Length; i++)
        {
            edgeList[i] = new SessionEdge(edges[3 * i] - 1, edges[(3 * i) + 1] - 1, edges[(3 * i) + 2]);
        }

        return new LiveSession(version.Value, nodeIds, indices, edgeList, lastTimeMs ?? 0);
    }
}
