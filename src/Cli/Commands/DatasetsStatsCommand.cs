using System.CommandLine;
using System.Globalization;
using Streaming.Core.Datasets;
using Streaming.Core.Datasets.PaperSplits;
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
            foreach (var (name, value) in Describe(source, sessions, log, parse.GetValue(sourceOptions.SessionRule)!))
            {
                Print(name, value);
            }
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or MalformedLineException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>The statistics as ordered name/value pairs (the printed lines).</summary>
    public static IReadOnlyList<(string Name, string Value)> Describe(DatasetSource source, IReadOnlyList<Session> sessions, MalformedLineLog log, string rule)
    {
        var stats = SessionStatistics.Compute(sessions);
        var c = CultureInfo.InvariantCulture;
        List<(string, string)> lines =
        [
            ("dataset", source.Name),
            ("file", source.InteractionsPath),
            ("timestamps", source.TimestampNote),
            ("sessions_rule", rule),
            ("clicks", stats.Clicks.ToString(c)),
            ("sessions", stats.Sessions.ToString(c)),
            ("users", stats.Users.ToString(c)),
            ("items", stats.Items.ToString(c)),
            ("avg_session_len", stats.AverageLength.ToString("0.0000", c)),
            ("min_session_len", stats.MinLength.ToString(c)),
            ("max_session_len", stats.MaxLength.ToString(c)),
            ("sessions_len_ge2", stats.SessionsOfLengthAtLeastTwo.ToString(c)),
        ];
        if (source.HasTimestamps)
        {
            lines.Add(("first_click", stats.FirstClick?.ToString("u", c) ?? "-"));
            lines.Add(("last_click", stats.LastClick?.ToString("u", c) ?? "-"));
        }

        lines.Add(("skipped_lines", log.Count.ToString(c)));
        return lines;
    }

    private static int PrintPaperSplit(string dataset, string dataDirectory)
    {
        var split = PaperSplit.Load(dataDirectory, dataset);
        Print("dataset", "paper-" + dataset);
        Print("source", PaperSplit.DirectoryOf(dataDirectory, dataset));
        foreach (var (name, value) in DescribePaperSplit(split))
        {
            Print(name, value);
        }

        return 0;
    }

    /// <summary>Counts computed from the split's files, each beside the figure its own stats.tsv states.</summary>
    internal static IEnumerable<(string Name, string Value)> DescribePaperSplit(PaperSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        (string, string) Computed(string name, object value) =>
            (name, split.Stats.TryGetValue(name, out var stated)
                ? string.Create(CultureInfo.InvariantCulture, $"{value}\t(stats.tsv: {stated})")
                : string.Create(CultureInfo.InvariantCulture, $"{value}"));

        yield return Computed("items", split.ItemCount);
        yield return Computed("train_samples", split.Train.Count);
        yield return Computed("test_samples", split.Test.Count);
        yield return Computed("avg_input_len_train_samples", Math.Round(split.Train.Average(s => s.Items.Length), 4));
        yield return Computed("avg_input_len_test_samples", Math.Round(split.Test.Average(s => s.Items.Length), 4));
        yield return Computed("test_items_distinct", split.Test.SelectMany(s => s.Items.Append(s.Target)).Distinct().Count());
        yield return ("candidate_lists", (split.TestCandidates?.Count ?? 0).ToString(CultureInfo.InvariantCulture));
    }

    private static void Print(string name, object value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}\t{value}"));
}
