namespace Streaming.Core.Datasets;

/// <summary>
/// Streaming readers for the Amazon 2014 Beauty files: the official one-object-per-line review and
/// metadata files (strict JSON or Python literals, gzip allowed) and the derived CSVs of a data
/// directory. Bad lines go to the <see cref="MalformedLineLog"/>.
/// </summary>
public static class AmazonReader
{
    /// <summary>Reads <c>reviews_*.json[.gz]</c>: reviewerID, asin, unixReviewTime, overall.</summary>
    public static IEnumerable<AmazonReview> ReadReviews(string path, MalformedLineLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        foreach (var line in DataFile.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line.Text))
            {
                continue;
            }

            if (!TryParseObject(path, line, log, out var fields))
            {
                continue;
            }

            var reviewer = fields.GetValueOrDefault("reviewerID") as string;
            var asin = fields.GetValueOrDefault("asin") as string;
            if (string.IsNullOrEmpty(reviewer) || string.IsNullOrEmpty(asin))
            {
                log.Report(path, line.Number, "missing reviewerID or asin");
                continue;
            }

            if (fields.GetValueOrDefault("unixReviewTime") is not long time || time <= 0)
            {
                log.Report(path, line.Number, "missing or non-integer unixReviewTime");
                continue;
            }

            yield return new AmazonReview(reviewer, asin, time, Number(fields.GetValueOrDefault("overall")));
        }
    }

    /// <summary>Reads <c>meta_*.json[.gz]</c>: asin, title, categories (flattened), brand, price.</summary>
    public static IEnumerable<AmazonProduct> ReadMetadata(string path, MalformedLineLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        foreach (var line in DataFile.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line.Text))
            {
                continue;
            }

            if (!TryParseObject(path, line, log, out var fields))
            {
                continue;
            }

            if (fields.GetValueOrDefault("asin") is not string { Length: > 0 } asin)
            {
                log.Report(path, line.Number, "missing asin");
                continue;
            }

            yield return new AmazonProduct(
                asin,
                fields.GetValueOrDefault("title") as string,
                FlattenCategories(fields.GetValueOrDefault("categories")),
                fields.GetValueOrDefault("brand") as string,
                Number(fields.GetValueOrDefault("price")));
        }
    }

    /// <summary>Reads <c>beauty_5core_interactions.csv</c> (header: user_id,item_id,timestamp,user_idx,item_idx,pos_in_user).</summary>
    public static IEnumerable<BeautyInteraction> ReadBeautyInteractions(string path, MalformedLineLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        CsvHeader? header = null;
        foreach (var record in CsvRecordReader.ReadFile(path, log))
        {
            if (header is null)
            {
                header = CsvHeader.Parse(path, record, "user_id", "item_id", "timestamp", "user_idx", "item_idx", "pos_in_user");
                continue;
            }

            var f = record.Fields;
            if (f.Length < header.Width)
            {
                log.Report(path, record.LineNumber, $"expected {header.Width} fields, found {f.Length}");
                continue;
            }

            var user = f[header["user_id"]];
            var item = f[header["item_id"]];
            if (user.Length == 0 || item.Length == 0)
            {
                log.Report(path, record.LineNumber, "empty user_id or item_id");
                continue;
            }

            if (!FieldParse.Long(f[header["timestamp"]], out var timestamp) || timestamp <= 0)
            {
                log.Report(path, record.LineNumber, $"timestamp '{f[header["timestamp"]]}' is not positive epoch seconds");
                continue;
            }

            if (!FieldParse.Int(f[header["user_idx"]], out var userIdx)
                || !FieldParse.Int(f[header["item_idx"]], out var itemIdx)
                || !FieldParse.Int(f[header["pos_in_user"]], out var pos) || pos < 0)
            {
                log.Report(path, record.LineNumber, "user_idx, item_idx or pos_in_user is not an integer");
                continue;
            }

            yield return new BeautyInteraction(user, item, timestamp, userIdx, itemIdx, pos);
        }
    }

    /// <summary>Reads <c>beauty_items.csv</c> (header: item_idx,item_id,title,brand,categories[,…]).</summary>
    public static IEnumerable<BeautyItem> ReadBeautyItems(string path, MalformedLineLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        CsvHeader? header = null;
        foreach (var record in CsvRecordReader.ReadFile(path, log))
        {
            if (header is null)
            {
                header = CsvHeader.Parse(path, record, "item_idx", "item_id", "title", "brand", "categories");
                continue;
            }

            var f = record.Fields;
            if (f.Length < header.Width)
            {
                log.Report(path, record.LineNumber, $"expected {header.Width} fields, found {f.Length}");
                continue;
            }

            if (!FieldParse.Int(f[header["item_idx"]], out var itemIdx) || f[header["item_id"]].Length == 0)
            {
                log.Report(path, record.LineNumber, "item_idx is not an integer or item_id is empty");
                continue;
            }

            yield return new BeautyItem(
                itemIdx, f[header["item_id"]], f[header["title"]], f[header["brand"]], FieldParse.PipeList(f[header["categories"]]));
        }
    }

    private static bool TryParseObject(string path, NumberedLine line, MalformedLineLog log, out Dictionary<string, object?> fields)
    {
        try
        {
            if (PythonLiteralParser.Parse(line.Text) is Dictionary<string, object?> parsed)
            {
                fields = parsed;
                return true;
            }

            log.Report(path, line.Number, "the line is not an object");
        }
        catch (FormatException e)
        {
            log.Report(path, line.Number, $"not JSON or a Python literal: {e.Message}");
        }

        fields = [];
        return false;
    }

    private static double? Number(object? value) => value switch
    {
        long l => l,
        double d when !double.IsNaN(d) => d,
        string s when FieldParse.Double(s.TrimStart('$'), out var parsed) => parsed,
        _ => null,
    };

    // Categories come as a list of category paths; keep each name once, in first-seen order.
    private static string[] FlattenCategories(object? value)
    {
        if (value is not List<object?> paths)
        {
            return [];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var path in paths)
        {
            IEnumerable<object?> names = path is List<object?> list ? list : [path];
            foreach (var name in names)
            {
                if (name is string { Length: > 0 } text && seen.Add(text))
                {
                    result.Add(text);
                }
            }
        }

        return [.. result];
    }
}
