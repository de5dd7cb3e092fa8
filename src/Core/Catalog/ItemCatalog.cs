using System.Globalization;
using System.Text;

namespace Streaming.Core.Catalog;

/// <summary>
/// The item index shared by training and serving: external id (ASIN, MovieID, …) ↔ dense index.
/// Indices run 1..<see cref="Count"/>; 0 is reserved for padding (the SR-GNN convention, and the
/// paper's splits use 1-based ids too). Indices are assigned in sorted external-id order — numeric
/// when every id is an integer, ordinal otherwise — so the same item set always gets the same
/// indices, whatever order the data was read in (this reproduces the paper's Beauty and ML-1M maps).
/// Saved as a small TSV file (<see cref="FileName"/>) next to every model.
/// </summary>
public sealed class ItemCatalog
{
    public const int PaddingIndex = 0;
    public const string FileName = "catalog.tsv";
    private const string Header = "index\titem_id\ttitle\tbrand\tcategories";

    private readonly CatalogItem[] _items;
    private readonly Dictionary<string, int> _indexById;

    private ItemCatalog(CatalogItem[] items)
    {
        _items = items;
        _indexById = new Dictionary<string, int>(items.Length, StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!_indexById.TryAdd(item.ExternalId, item.Index))
            {
                throw new InvalidDataException($"item id '{item.ExternalId}' appears twice in the catalog");
            }
        }
    }

    /// <summary>Number of items (the largest index).</summary>
    public int Count => _items.Length;

    /// <summary>Items in index order (the first has index 1).</summary>
    public IReadOnlyList<CatalogItem> Items => _items;

    /// <summary>The item with dense index <paramref name="index"/> (1..<see cref="Count"/>).</summary>
    public CatalogItem this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(index, Count);
            return _items[index - 1];
        }
    }

    public bool TryGetIndex(string externalId, out int index) => _indexById.TryGetValue(externalId, out index);

    /// <summary>The dense index of <paramref name="externalId"/>, or <see cref="PaddingIndex"/> when unknown.</summary>
    public int IndexOf(string externalId) => _indexById.GetValueOrDefault(externalId, PaddingIndex);

    /// <summary>
    /// Dense indices of <paramref name="externalIds"/>, in order. Unknown ids are left out (the usual
    /// treatment of items unseen in training); pass <paramref name="keepUnknownAsPadding"/> to keep
    /// their places as <see cref="PaddingIndex"/> instead.
    /// </summary>
    public int[] Encode(IEnumerable<string> externalIds, bool keepUnknownAsPadding = false)
    {
        ArgumentNullException.ThrowIfNull(externalIds);
        var result = new List<int>();
        foreach (var id in externalIds)
        {
            var index = IndexOf(id);
            if (index != PaddingIndex || keepUnknownAsPadding)
            {
                result.Add(index);
            }
        }

        return [.. result];
    }

    /// <summary>
    /// Builds a catalog of the distinct <paramref name="externalIds"/>; metadata for other ids is ignored,
    /// ids without metadata get none.
    /// </summary>
    public static ItemCatalog Build(IEnumerable<string> externalIds, IEnumerable<ItemMetadata>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(externalIds);
        var ids = externalIds.Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count > 0 && ids.TrueForAll(id => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            ids.Sort((a, b) => long.Parse(a, CultureInfo.InvariantCulture).CompareTo(long.Parse(b, CultureInfo.InvariantCulture)));
        }
        else
        {
            ids.Sort(StringComparer.Ordinal);
        }

        var byId = new Dictionary<string, ItemMetadata>(StringComparer.Ordinal);
        foreach (var meta in metadata ?? [])
        {
            byId.TryAdd(meta.ExternalId, meta);
        }

        var items = new CatalogItem[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            var meta = byId.GetValueOrDefault(ids[i]);
            items[i] = new CatalogItem(i + 1, ids[i], NullIfEmpty(meta?.Title), meta?.Categories ?? [], NullIfEmpty(meta?.Brand));
        }

        return new ItemCatalog(items);
    }

    /// <summary>
    /// A catalog whose indices were assigned elsewhere: item i (0-based) of <paramref name="items"/> gets index i + 1.
    /// For a paper split, whose item map numbers the source ids (MovieIDs, ASINs) in its own order: serving then
    /// speaks the source ids while the model keeps the split's indices.
    /// </summary>
    public static ItemCatalog FromOrdered(IEnumerable<ItemMetadata> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new ItemCatalog([.. items.Select((meta, i) => new CatalogItem(i + 1, meta.ExternalId, NullIfEmpty(meta.Title), meta.Categories, NullIfEmpty(meta.Brand)))]);
    }

    public void Save(string path)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Write(writer);
    }

    public static ItemCatalog Load(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Read(reader, path);
    }

    /// <summary>Writes the TSV form: a header, then one item per line; tabs, newlines and backslashes escaped.</summary>
    public void Write(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Header);
        writer.Write('\n');
        foreach (var item in _items)
        {
            writer.Write(item.Index.ToString(CultureInfo.InvariantCulture));
            writer.Write('\t');
            writer.Write(Escape(item.ExternalId));
            writer.Write('\t');
            writer.Write(Escape(item.Title ?? string.Empty));
            writer.Write('\t');
            writer.Write(Escape(item.Brand ?? string.Empty));
            writer.Write('\t');
            writer.Write(string.Join('|', item.Categories.Select(c => Escape(c).Replace("|", "\\p", StringComparison.Ordinal))));
            writer.Write('\n');
        }
    }

    /// <summary>Reads the TSV form; throws <see cref="InvalidDataException"/> naming the line on any defect.</summary>
    public static ItemCatalog Read(TextReader reader, string source = "catalog")
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.ReadLine() != Header)
        {
            throw new InvalidDataException($"{source}: not an item catalog (expected the header '{Header.Replace('\t', ' ')}')");
        }

        var items = new List<CatalogItem>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var f = line.Split('\t');
            if (f.Length != 5)
            {
                throw new InvalidDataException($"{source}:{lineNumber}: expected 5 tab-separated fields, found {f.Length}");
            }

            if (!int.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index != items.Count + 1)
            {
                throw new InvalidDataException($"{source}:{lineNumber}: index '{f[0]}' should be {items.Count + 1} (indices are dense and 1-based)");
            }

            var categories = f[4].Length == 0
                ? []
                : f[4].Split('|').Select(Unescape).ToArray();
            items.Add(new CatalogItem(index, Unescape(f[1]), NullIfEmpty(Unescape(f[2])), categories, NullIfEmpty(Unescape(f[3]))));
        }

        return new ItemCatalog([.. items]);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("\\\t\n\r") < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '\t' => "\\t",
                '\n' => "\\n",
                '\r' => "\\r",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    private static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 == text.Length)
            {
                builder.Append(text[i]);
                continue;
            }

            builder.Append(text[++i] switch
            {
                't' => '\t',
                'n' => '\n',
                'r' => '\r',
                'p' => '|',
                var other => other,
            });
        }

        return builder.ToString();
    }
}
