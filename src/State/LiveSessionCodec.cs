using System.Globalization;
using System.Text;
using Streaming.Core.Live;

namespace Streaming.State;

/// <summary>
/// The stored form of a live session, read here and written by the scripts beside it (<c>LiveSessionFormat.lua</c>
/// holds the Lua half of this format): ONE Redis string per session. A string rather than a hash because a hash
/// with any value over 64 bytes (Redis's default <c>hash-max-listpack-value</c>) becomes a hashtable costing
/// several hundred bytes more. Format 2, the one written:
/// <code>
/// F2,&lt;version&gt;,&lt;partition&gt;:&lt;offset&gt;,&lt;last event time ms&gt;,&lt;answered version&gt;,&lt;#window&gt;,&lt;#edge bytes&gt;,&lt;#event id bytes&gt;
/// U+001E &lt;node item ids joined by U+001F&gt; U+001E &lt;window&gt; &lt;edges&gt; &lt;event ids&gt;
/// </code>
/// The window has one byte per click (node index + 1), edges are byte triples (from + 1, to + 1, weight), and the
/// remembered event ids are 8-byte xxHash64 fingerprints, oldest first. Item ids never contain control characters
/// (the click schema rejects them), so the separators are unambiguous; one byte per index limits the window to
/// <see cref="MaxWindow"/> clicks.
/// <para>
/// Format 1 (before the answered version existed) is the same without the leading <c>F2,</c> and without the
/// answered version; it is still read (answered version 0), and every write rewrites a session in format 2, so a
/// live Redis migrates as its sessions change or expire. A new format must be readable here before any writer
/// writes it: roll out readers (Candidates, Ranker, tools) first, then Ingest. An unknown format is a
/// <see cref="FormatException"/> here and a script error in Redis, never a silent misreading.
/// </para>
/// </summary>
public static class LiveSessionCodec
{
    /// <summary>The format every writer writes.</summary>
    public const int CurrentFormat = 2;

    public const byte SectionSeparator = 0x1E;
    public const char NodeSeparator = '\u001f';
    public const int MaxWindow = 200;
    public const int FingerprintBytes = 8;

    /// <summary>
    /// Encodes a session in the current format, with no applied position and no event ids: for tools and tests
    /// that need a session in Redis without going through Ingest.
    /// </summary>
    public static byte[] Encode(LiveSession session, long answeredVersion = 0)
    {
        ArgumentNullException.ThrowIfNull(session);
        var header = string.Create(CultureInfo.InvariantCulture,
            $"F{CurrentFormat},{session.Version},:0,{session.LastClickTimeMs},{answeredVersion},{session.Sequence.Count},{session.Edges.Count * 3},0");
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

    /// <summary>Decodes a stored session's graph; null for a session that does not exist (or expired).</summary>
    public static LiveSession? Decode(byte[]? blob) => DecodeStored(blob)?.Session;

    /// <summary>Decodes a stored session with its answered version; null for a session that does not exist (or expired).</summary>
    public static StoredLiveSession? DecodeStored(byte[]? blob)
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

        var header = ReadHeader(Encoding.ASCII.GetString(span[..headerEnd]));
        var rest = span[(headerEnd + 1)..];
        var nodesEnd = rest.IndexOf(SectionSeparator);
        if (nodesEnd < 0 || rest.Length - nodesEnd - 1 < header.WindowBytes + header.EdgeBytes || header.EdgeBytes % 3 != 0)
        {
            throw new FormatException("stored session is truncated");
        }

        var nodes = nodesEnd == 0 ? [] : Encoding.UTF8.GetString(rest[..nodesEnd]).Split(NodeSeparator);
        var tail = rest[(nodesEnd + 1)..];
        var sequence = new int[header.WindowBytes];
        for (var i = 0; i < sequence.Length; i++)
        {
            sequence[i] = tail[i] - 1;
            if (sequence[i] < 0 || sequence[i] >= nodes.Length)
            {
                throw new FormatException($"stored session window refers to node {sequence[i]} of {nodes.Length}");
            }
        }

        var edges = new SessionEdge[header.EdgeBytes / 3];
        var edgeSpan = tail.Slice(header.WindowBytes, header.EdgeBytes);
        for (var i = 0; i < edges.Length; i++)
        {
            edges[i] = new SessionEdge(edgeSpan[3 * i] - 1, edgeSpan[(3 * i) + 1] - 1, edgeSpan[(3 * i) + 2]);
        }

        return new StoredLiveSession(new LiveSession(header.Version, nodes, sequence, edges, header.LastTimeMs), header.AnsweredVersion);
    }

    // Format 1: version,partition:offset,time,#window,#edges,#ids. Format 2: F2,version,partition:offset,time,answered,#window,#edges,#ids.
    private static (long Version, long LastTimeMs, long AnsweredVersion, int WindowBytes, int EdgeBytes) ReadHeader(string text)
    {
        var fields = text.Split(',');
        if (!text.StartsWith('F'))
        {
            if (fields.Length != 6)
            {
                throw new FormatException($"stored session header (format 1) has {fields.Length} fields, not 6");
            }

            return (Long(fields[0]), Long(fields[2]), 0, Int(fields[3]), Int(fields[4]));
        }

        if (!string.Equals(fields[0], "F2", StringComparison.Ordinal))
        {
            throw new FormatException($"stored session has format '{fields[0][1..]}'; this reader knows formats 1 and {CurrentFormat}");
        }

        if (fields.Length != 8)
        {
            throw new FormatException($"stored session header (format 2) has {fields.Length} fields, not 8");
        }

        return (Long(fields[1]), Long(fields[3]), Long(fields[4]), Int(fields[5]), Int(fields[6]));
    }

    private static long Long(string field) => long.Parse(field, NumberStyles.None, CultureInfo.InvariantCulture);

    private static int Int(string field) => int.Parse(field, NumberStyles.None, CultureInfo.InvariantCulture);
}
