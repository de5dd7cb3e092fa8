using System.Globalization;
using System.Text;

namespace Streaming.Core.Live;

/// <summary>
/// The stored form of a live session: ONE Redis string per session, written by Ingest's script and read by every
/// worker through <see cref="Decode"/>. A string rather than a hash because a hash with any value over 64 bytes
/// (Redis's default <c>hash-max-listpack-value</c>) becomes a hashtable costing several hundred bytes more.
/// <code>
/// &lt;version&gt;,&lt;partition&gt;:&lt;offset&gt;,&lt;last event time ms&gt;,&lt;#window&gt;,&lt;#edge bytes&gt;,&lt;#fingerprint bytes&gt;
/// U+001E &lt;node item ids joined by U+001F&gt; U+001E &lt;window&gt; &lt;edges&gt; &lt;fingerprints&gt;
/// </code>
/// The window has one byte per click (node index + 1), edges are byte triples (from + 1, to + 1, weight), and the
/// recent event ids are 8-byte xxHash64 fingerprints. Item ids never contain control characters (the click
/// schema rejects them), so the separators are unambiguous; one byte per index limits the window to
/// <see cref="MaxWindow"/> clicks.
/// </summary>
public static class LiveSessionCodec
{
    public const byte SectionSeparator = 0x1E;
    public const char NodeSeparator = '\u001f';
    public const int MaxWindow = 200;
    public const int FingerprintBytes = 8;

    /// <summary>
    /// Encodes a session in the stored form, as Ingest's script writes it, with no applied position and no event
    /// fingerprints: for tools and tests that need a session in Redis without going through Ingest.
    /// </summary>
    public static byte[] Encode(LiveSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var header = string.Create(CultureInfo.InvariantCulture,
            $"{session.Version},:0,{session.LastClickTimeMs},{session.Sequence.Count},{session.Edges.Count * 3},0");
        var bytes = new List<byte>(Encoding.ASCII.GetBytes(header)) { SectionSeparator };
        bytes.AddRange(Encoding.UTF8.GetBytes(string.Join(NodeSeparator, session.Nodes)));
        bytes.Add(SectionSeparator);
        bytes.AddRange(session.Sequence.Select(index => (byte)(index + 1)));
        foreach (var edge in session.Edges)
        {
            bytes.AddRange([(byte)(edge.From + 1), (byte)(edge.To + 1), (byte)edge.Weight]);
        }

        return [.. bytes];
    }

    /// <summary>Decodes a stored session; null for a session that does not exist (or expired).</summary>
    public static LiveSession? Decode(byte[]? blob)
    {
        if (blob is null || blob.Length == 0)
        {
            return null;
        }

        var span = blob.AsSpan();
        var headerEnd = span.IndexOf(SectionSeparator);
        if (headerEnd < 0)
        {
            throw new FormatException("stored session has no header separator");
        }

        var header = Encoding.ASCII.GetString(span[..headerEnd]).Split(',');
        if (header.Length != 6)
        {
            throw new FormatException($"stored session header has {header.Length} fields, not 6");
        }

        var version = long.Parse(header[0], CultureInfo.InvariantCulture);
        var lastTime = long.Parse(header[2], CultureInfo.InvariantCulture);
        var windowBytes = int.Parse(header[3], CultureInfo.InvariantCulture);
        var edgeBytes = int.Parse(header[4], CultureInfo.InvariantCulture);

        var rest = span[(headerEnd + 1)..];
        var nodesEnd = rest.IndexOf(SectionSeparator);
        if (nodesEnd < 0 || rest.Length - nodesEnd - 1 < windowBytes + edgeBytes || edgeBytes % 3 != 0)
        {
            throw new FormatException("stored session is truncated");
        }

        var nodes = nodesEnd == 0 ? [] : Encoding.UTF8.GetString(rest[..nodesEnd]).Split(NodeSeparator);
        var tail = rest[(nodesEnd + 1)..];
        var sequence = new int[windowBytes];
        for (var i = 0; i < windowBytes; i++)
        {
            sequence[i] = tail[i] - 1;
            if (sequence[i] < 0 || sequence[i] >= nodes.Length)
            {
                throw new FormatException($"stored session window refers to node {sequence[i]} of {nodes.Length}");
            }
        }

        var edges = new SessionEdge[edgeBytes / 3];
        var edgeSpan = tail.Slice(windowBytes, edgeBytes);
        for (var i = 0; i < edges.Length; i++)
        {
            edges[i] = new SessionEdge(edgeSpan[3 * i] - 1, edgeSpan[(3 * i) + 1] - 1, edgeSpan[(3 * i) + 2]);
        }

        return new LiveSession(version, nodes, sequence, edges, lastTime);
    }
}
