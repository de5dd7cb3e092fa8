using Streaming.Core.Contracts;

namespace Streaming.Core.Datasets;

/// <summary>
/// Reads the generic click CSV, <c>session_id,item_id,timestamp[,title,categories]</c> (RFC-4180
/// quoting, categories pipe-separated, timestamps as epoch seconds, epoch milliseconds or ISO-8601).
/// A header row is optional; when present, its column names decide the order. Rows the click
/// schema would reject (times before 1995 or after 2100, over-long ids) are reported here already.
/// </summary>
public static class ClickCsvReader
{
    private static readonly string[] DefaultColumns = ["session_id", "item_id", "timestamp", "title", "categories"];

    public static IEnumerable<CsvClick> Read(string path, MalformedLineLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        int session = 0, item = 1, time = 2, title = 3, categories = 4;
        var first = true;
        foreach (var record in CsvRecordReader.ReadFile(path, log))
        {
            var f = record.Fields;
            if (first)
            {
                first = false;
                if (f.Length > 0 && f[0].Trim().TrimStart('\uFEFF').Equals(DefaultColumns[0], StringComparison.OrdinalIgnoreCase))
                {
                    var header = CsvHeader.Parse(path, record, DefaultColumns[0], DefaultColumns[1], DefaultColumns[2]);
                    (session, item, time) = (header["session_id"], header["item_id"], header["timestamp"]);
                    title = header.Optional("title") ?? -1;
                    categories = header.Optional("categories") ?? -1;
                    continue;
                }
            }

            if (f.Length < 3 || f.Length <= Math.Max(session, Math.Max(item, time)))
            {
                log.Report(path, record.LineNumber, $"expected at least 3 fields (session_id,item_id,timestamp), found {f.Length}");
                continue;
            }

            if (f[session].Length == 0 || f[item].Length == 0)
            {
                log.Report(path, record.LineNumber, "empty session_id or item_id");
                continue;
            }

            if (!FieldParse.Timestamp(f[time], out var timestamp))
            {
                log.Report(path, record.LineNumber, $"timestamp '{f[time]}' is not epoch seconds, epoch milliseconds or ISO-8601");
                continue;
            }

            if (timestamp < ClickEventRules.MinTimestamp || timestamp >= ClickEventRules.MaxTimestamp)
            {
                log.Report(path, record.LineNumber, $"timestamp {timestamp:u} is outside the click schema's range");
                continue;
            }

            if (f[session].Length > ClickEventRules.MaxIdLength || f[item].Length > ClickEventRules.MaxIdLength)
            {
                log.Report(path, record.LineNumber, $"session_id or item_id longer than {ClickEventRules.MaxIdLength} characters");
                continue;
            }

            var titleText = title >= 0 && title < f.Length && f[title].Length > 0 ? f[title] : null;
            var categoryList = categories >= 0 && categories < f.Length ? FieldParse.PipeList(f[categories]) : [];
            yield return new CsvClick(f[session], f[item], timestamp, titleText, categoryList);
        }
    }
}
