using Streaming.Core.Datasets;

namespace Streaming.Core.Tests.Datasets;

public sealed class CsvRecordReaderTests
{
    private static List<CsvRecord> Read(string text, MalformedLineLog log) =>
        CsvRecordReader.Read(new StringReader(text), "test.csv", log).ToList();

    [Fact]
    public void Quoted_fields_keep_commas_doubled_quotes_and_newlines()
    {
        var log = new MalformedLineLog();
        var records = Read("a,\"b, c\",\"say \"\"hi\"\"\"\n\"two\nlines\",x,\n3,4,5\n", log);

        Assert.Equal(3, records.Count);
        Assert.Equal(["a", "b, c", "say \"hi\""], records[0].Fields);
        Assert.Equal(["two\nlines", "x", ""], records[1].Fields);
        Assert.Equal(2, records[1].LineNumber);
        Assert.Equal(4, records[2].LineNumber);
        Assert.Equal(0, log.Count);
    }

    [Fact]
    public void Broken_quoting_is_reported_with_line_and_skipped()
    {
        var log = new MalformedLineLog();
        var records = Read("ok,1\nbad\"quote,2\n\"closed\"x,3\nfine,4\n\"never closed,5\n", log);

        Assert.Equal(["ok", "fine"], records.Select(r => r.Fields[0]));
        Assert.Equal(3, log.Count);
        Assert.Equal([2L, 3L, 5L], log.First.Select(m => m.LineNumber));
        Assert.All(log.First, m => Assert.Equal("test.csv", m.File));
        Assert.Contains("unterminated", log.First[2].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Fatal_log_throws_on_the_first_malformed_line()
    {
        var log = new MalformedLineLog(fatal: true);
        var error = Assert.Throws<MalformedLineException>(() => Read("a,1\nb\"c,2\n", log));
        Assert.Equal(2, error.Line!.LineNumber);
        Assert.Contains("test.csv:2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_keeps_only_the_first_lines_but_counts_all()
    {
        var log = new MalformedLineLog(keep: 2);
        var reported = 0;
        log.Reported += (_, _) => reported++;
        Read(string.Concat(Enumerable.Repeat("x\"y\n", 5)), log);
        Assert.Equal(5, log.Count);
        Assert.Equal(5, reported);
        Assert.Equal(2, log.First.Count);
    }
}
