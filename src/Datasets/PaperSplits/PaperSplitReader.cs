using System.Globalization;

namespace Streaming.Core.Datasets.PaperSplits;

/// <summary>
/// Parsers for the files of one paper split (see <see cref="PaperSplit"/>). Each reports the first
/// malformed line as a <see cref="PaperSplitFormatException"/> naming file, line and reason.
/// </summary>
public static class PaperSplitReader
{
    /// <summary>
    /// Reads <c>train.tsv</c> / <c>test.tsv</c>: <c>i1 i2 ... in&lt;TAB&gt;target</c>, ids in 1..itemCount
    /// (<paramref name="itemCount"/> 0 accepts any positive id).
    /// </summary>
    public static IReadOnlyList<PaperSample> ReadSamples(TextReader reader, string fileName, int itemCount = 0)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var samples = new List<PaperSample>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab < 0 || line.IndexOf('\t', tab + 1) >= 0)
            {
                throw new PaperSplitFormatException(fileName, lineNumber, "expected exactly one tab between the items and the target");
            }

            var items = ParseIds(line.AsSpan(0, tab), fileName, lineNumber, itemCount, "items");
            if (items.Length == 0)
            {
                throw new PaperSplitFormatException(fileName, lineNumber, "no input items before the tab");
            }

            var target = ParseId(line.AsSpan(tab + 1).Trim(), fileName, lineNumber, itemCount, "target");
            samples.Add(new PaperSample(items, target));
        }

        return samples;
    }

    /// <summary>Reads <c>candidates_test.tsv</c>: one best-first list of space-separated ids per line.</summary>
    public static IReadOnlyList<int[]> ReadCandidates(TextReader reader, string fileName, int itemCount = 0)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lists = new List<int[]>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var ids = ParseIds(line, fileName, lineNumber, itemCount, "candidates");
            if (ids.Length == 0)
            {
                throw new PaperSplitFormatException(fileName, lineNumber, "empty candidate list");
            }

            lists.Add(ids);
        }

        return lists;
    }

    /// <summary>Reads <c>item_map.tsv</c>: a header <c>paper_id&lt;TAB&gt;source&lt;TAB&gt;title</c>, then one row per item with ids 1..N in order.</summary>
    public static IReadOnlyList<PaperItem> ReadItemMap(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine();
        if (header is null || !header.StartsWith("paper_id\t", StringComparison.Ordinal) || header.Split('\t').Length != 3)
        {
            throw new PaperSplitFormatException(fileName, 1, "expected the header 'paper_id<TAB><source id><TAB>title'");
        }

        var items = new List<PaperItem>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var fields = line.Split('\t');
            if (fields.Length != 3)
            {
                throw new PaperSplitFormatException(fileName, lineNumber, $"expected 3 tab-separated fields, found {fields.Length}");
            }

            var id = ParseId(fields[0], fileName, lineNumber, 0, "paper_id");
            if (id != items.Count + 1)
            {
                throw new PaperSplitFormatException(fileName, lineNumber, $"expected paper_id {items.Count + 1}, found {id}");
            }

            items.Add(new PaperItem(id, fields[1], fields[2]));
        }

        return items;
    }

    /// <summary>Reads <c>stats.tsv</c>: <c>key&lt;TAB&gt;value</c> per line, keys unique.</summary>
    public static IReadOnlyDictionary<string, string> ReadStats(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var stats = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0)
            {
                throw new PaperSplitFormatException(fileName, lineNumber, "expected 'key<TAB>value'");
            }

            if (!stats.TryAdd(line[..tab], line[(tab + 1)..]))
            {
                throw new PaperSplitFormatException(fileName, lineNumber, $"duplicate key '{line[..tab]}'");
            }
        }

        return stats;
    }

    private static int[] ParseIds(ReadOnlySpan<char> text, string fileName, int lineNumber, int itemCount, string what)
    {
        if (text.IsEmpty)
        {
            return [];
        }

        var ids = new List<int>();
        foreach (var range in text.Split(' '))
        {
            var token = text[range];
            if (token.IsEmpty)
            {
                // Tolerate no empty tokens: a double space is a sign of a broken writer.
                throw new PaperSplitFormatException(fileName, lineNumber, $"empty token in {what} (double or trailing space)");
            }

            ids.Add(ParseId(token, fileName, lineNumber, itemCount, what));
        }

        return [.. ids];
    }

    private static int ParseId(ReadOnlySpan<char> token, string fileName, int lineNumber, int itemCount, string what)
    {
        if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            throw new PaperSplitFormatException(fileName, lineNumber, $"'{token}' in {what} is not an item id");
        }

        if (id < 1 || (itemCount > 0 && id > itemCount))
        {
            var range = itemCount > 0 ? $"1..{itemCount}" : "1 or more";
            throw new PaperSplitFormatException(fileName, lineNumber, $"item id {id} in {what} is outside {range}");
        }

        return id;
    }
}
