using System.CommandLine;
using System.Globalization;
using Streaming.Core.Datasets;
using Streaming.Core.Sessions;

namespace Streaming.Cli.Commands;

/// <summary>
/// <c>streaming datasets stats</c>: clicks, sessions, items and average session length under the
/// chosen sessionisation, as <c>name&lt;TAB&gt;value</c> lines; for the paper splits, their stats.tsv.
/// </summary>
internal static class DatasetsStatsCommand
{
    public static Command Create()
    {
        var command = new Command("stats", "Print #clicks, #sessions, #items and average session length of a dataset.");
        var source = new DatasetsSourceOptions(PaperSplitNames);
        source.AddTo(command);
        command.SetAction(parse => Run(parse, source));
        return command;
    }

    private static readonly string[] PaperSplitNames = ["paper-beauty", "paper-ml-1m"];

    private static int Run(ParseResult parse, DatasetsSourceOptions sourceOptions)
    {
        try
        {
            var dataset = parse.GetValue(sourceOptions.Dataset)!;
            if (PaperSplitNames.Contains(dataset))
            {
                return PrintPaperSplit(dataset["paper-".Length..], DatasetsDataDirectory.Resolve(parse.GetValue(sourceOptions.DataDir)));
            }

            var (source, sessions, log) = sourceOptions.Load(parse);
            var stats = SessionStatistics.Compute(sessions);
            Print("dataset", source.Name);
            Print("file", source.InteractionsPath);
            Print("timestamps", source.TimestampNote);
            Print("sessions_rule", parse.GetValue(sourceOptions.SessionRule)!);
            Print("clicks", stats.Clicks);
            Print("sessions", stats.Sessions);
            Print("users", stats.Users);
            Print("items", stats.Items);
            Print("avg_session_len", stats.AverageLength.ToString("0.0000", CultureInfo.InvariantCulture));
            Print("min_session_len", stats.MinLength);
            Print("max_session_len", stats.MaxLength);
            Print("sessions_len_ge2", stats.SessionsOfLengthAtLeastTwo);
            if (source.HasTimestamps)
            {
                Print("first_click", stats.FirstClick?.ToString("u", CultureInfo.InvariantCulture) ?? "-");
                Print("last_click", stats.LastClick?.ToString("u", CultureInfo.InvariantCulture) ?? "-");
            }

            Print("skipped_lines", log.Count);
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or MalformedLineException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    // LEAD: after merging the PaperSplits reader (src/Core/Datasets/PaperSplits), compute these from
    // train.tsv/test.tsv/candidates_test.tsv instead of echoing the split's own stats.tsv.
    private static int PrintPaperSplit(string dataset, string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "paper-splits", dataset, "stats.tsv");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no paper split statistics at {path}", path);
        }

        Print("dataset", "paper-" + dataset);
        Print("source", path + " (the split's own statistics)");
        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0))
        {
            Console.WriteLine(line);
        }

        return 0;
    }

    private static void Print(string name, object value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}\t{value}"));
}
