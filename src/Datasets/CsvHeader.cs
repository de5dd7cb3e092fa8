namespace Streaming.Core.Datasets;

/// <summary>Column positions taken from a CSV header row, so column order in a file does not matter.</summary>
internal sealed class CsvHeader
{
    private readonly Dictionary<string, int> _columns;

    private CsvHeader(Dictionary<string, int> columns) => _columns = columns;

    public int Width => _columns.Count;

    /// <summary>Maps the header; throws <see cref="InvalidDataException"/> naming the missing columns.</summary>
    public static CsvHeader Parse(string file, CsvRecord header, params string[] required)
    {
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Fields.Length; i++)
        {
            columns.TryAdd(header.Fields[i].Trim().TrimStart('\uFEFF'), i);
        }

        var missing = required.Where(name => !columns.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"{file}: header is missing column(s) {string.Join(", ", missing)} (found: {string.Join(",", header.Fields)})");
        }

        return new CsvHeader(columns);
    }

    public int this[string name] => _columns[name];

    public int? Optional(string name) => _columns.TryGetValue(name, out var index) ? index : null;
}
