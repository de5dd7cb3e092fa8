using System.Text;

namespace Streaming.Core.Datasets;

/// <summary>
/// Streams RFC-4180 CSV records: comma-separated, fields optionally in double quotes, a doubled
/// quote inside quotes is a literal quote, and quoted fields may span lines. Records that break
/// the quoting rules are reported to the <see cref="MalformedLineLog"/> and skipped.
/// </summary>
public static class CsvRecordReader
{
    /// <summary>Reads every record of <paramref name="path"/> (gzip allowed), header included.</summary>
    public static IEnumerable<CsvRecord> ReadFile(string path, MalformedLineLog log, Encoding? encoding = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(log);
        return Iterate(path, log, encoding);

        static IEnumerable<CsvRecord> Iterate(string path, MalformedLineLog log, Encoding? encoding)
        {
            using var reader = DataFile.OpenText(path, encoding);
            foreach (var record in Read(reader, path, log))
            {
                yield return record;
            }
        }
    }

    /// <summary>Reads every record from <paramref name="reader"/>; <paramref name="file"/> names it in reports.</summary>
    public static IEnumerable<CsvRecord> Read(TextReader reader, string file, MalformedLineLog log)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(log);
        var fields = new List<string>();
        var field = new StringBuilder();
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var startLine = lineNumber;
            if (line.Length == 0)
            {
                continue;
            }

            if (!line.Contains('"', StringComparison.Ordinal))
            {
                // Fast path: most lines carry no quotes at all.
                yield return new CsvRecord(startLine, line.Split(','));
                continue;
            }

            fields.Clear();
            field.Clear();
            string? error = null;
            var inQuotes = false;
            var afterQuote = false;
            var text = line;
            var i = 0;
            while (true)
            {
                if (i == text.Length)
                {
                    if (!inQuotes)
                    {
                        break;
                    }

                    // A quoted field continues on the next line.
                    var next = reader.ReadLine();
                    if (next is null)
                    {
                        error = "unterminated quoted field at end of file";
                        break;
                    }

                    lineNumber++;
                    field.Append('\n');
                    text = next;
                    i = 0;
                    continue;
                }

                var c = text[i++];
                if (inQuotes)
                {
                    if (c != '"')
                    {
                        field.Append(c);
                    }
                    else if (i < text.Length && text[i] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                        afterQuote = true;
                    }
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    afterQuote = false;
                }
                else if (afterQuote)
                {
                    error = $"unexpected character '{c}' after a closing quote (column {i})";
                    break;
                }
                else if (c == '"')
                {
                    if (field.Length > 0)
                    {
                        error = $"quote inside an unquoted field (column {i})";
                        break;
                    }

                    inQuotes = true;
                }
                else
                {
                    field.Append(c);
                }
            }

            if (error is not null)
            {
                log.Report(file, startLine, error);
                continue;
            }

            fields.Add(field.ToString());
            yield return new CsvRecord(startLine, [.. fields]);
        }
    }
}
