using System.Globalization;
using Streaming.Core.Catalog;

namespace Streaming.IntentWorker.Batch;

/// <summary>
/// A minimal reader of one paper split directory (<c>paper-splits/&lt;dataset&gt;/</c>): samples
/// (<c>i1 i2 … in&lt;TAB&gt;target</c>), candidate lists (one best-first list per sample) and <c>item_map.tsv</c>
/// (header, then <c>paper_id&lt;TAB&gt;source id&lt;TAB&gt;title</c>). It exists only until the shared paper-split
/// reader in Core is on this branch's base; the batch path then reads through that.
/// </summary>
public static class PaperSplitFiles
{
    public const string CandidatesFile = "candidates_test.tsv";
    public const string ItemMapFile = "item_map.tsv";

    public static string DirectoryOf(string dataRoot, string dataset) => Path.Combine(dataRoot, "paper-splits", dataset);

    /// <summary>The sessions (input items, oldest first) of a samples file; the targets are not needed here.</summary>
    public static List<int[]> ReadSessions(string path) =>
        [.. ReadLines(path).Select(x => Ids(x.Line.Split('\t')[0], path, x.Number))];

    public static List<int[]> ReadCandidates(string path) =>
        [.. ReadLines(path).Select(x => Ids(x.Line, path, x.Number))];

    /// <summary>A catalog whose external ids are the paper ids (as decimal text) with the item map's titles.</summary>
    public static ItemCatalog ReadCatalog(string itemMapPath)
    {
        var lines = ReadLines(itemMapPath).ToList();
        if (lines.Count == 0 || !lines[0].Line.StartsWith("paper_id\t", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{itemMapPath}: expected the header 'paper_id<TAB><source id><TAB>title'");
        }

        var metadata = lines.Skip(1).Select(x =>
        {
            var fields = x.Line.Split('\t');
            if (fields.Length != 3)
            {
                throw new InvalidDataException($"{itemMapPath}:{x.Number}: expected 3 tab-separated fields, found {fields.Length}");
            }

            return new ItemMetadata(fields[0], fields[2], [], null);
        }).ToList();
        return ItemCatalog.Build(metadata.Select(m => m.ExternalId), metadata);
    }

    private static IEnumerable<(string Line, int Number)> ReadLines(string path)
    {
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length > 0)
            {
                yield return (line, number);
            }
        }
    }

    private static int[] Ids(string text, string path, int lineNumber)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ids = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out ids[i]) || ids[i] < 1)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: '{parts[i]}' is not a positive item id");
            }
        }

        return ids;
    }
}
