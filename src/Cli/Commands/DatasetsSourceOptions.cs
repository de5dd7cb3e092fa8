using System.CommandLine;
using System.Globalization;
using Streaming.Core.Datasets;
using Streaming.Core.Sessions;

namespace Streaming.Cli.Commands;

/// <summary>
/// The options every dataset-reading command shares (replay, datasets stats/catalog, bench replay):
/// which dataset, where, how to cut sessions, and whether malformed lines are fatal.
/// </summary>
internal sealed class DatasetsSourceOptions
{
    public Option<string> Dataset { get; } = new("--dataset")
    {
        Description = "Dataset: beauty, ml-1m or csv.",
        Required = true,
    };

    public Option<string?> DataDir { get; } = new("--data-dir")
    {
        Description = $"Data directory root (beauty/, ml-1m/, paper-splits/). Default: ${DatasetsDataDirectory.EnvironmentVariable}.",
    };

    public Option<string?> File { get; } = new("--file")
    {
        Description = "Clicks file: required for csv (session_id,item_id,timestamp[,title,categories]); for beauty/ml-1m picks a specific file, e.g. ratings_users_1-2999.dat.gz.",
    };

    public Option<string> SessionRule { get; } = new("--session")
    {
        Description = "Sessions: per-user (whole history), gap (inactivity gap), window (fixed length, no timestamps needed), paper-ml-1m (same day, within 5 min of the session's first click).",
        DefaultValueFactory = _ => "per-user",
    };

    public Option<double> GapMinutes { get; } = new("--gap-minutes")
    {
        Description = "Inactivity gap for --session gap, in minutes.",
        DefaultValueFactory = _ => 30,
    };

    public Option<int> Window { get; } = new("--window")
    {
        Description = "Clicks per session for --session window.",
        DefaultValueFactory = _ => 20,
    };

    public Option<int> MaxLength { get; } = new("--max-length")
    {
        Description = "Cut longer sessions into pieces of at most this many clicks (0 = no limit).",
        DefaultValueFactory = _ => 0,
    };

    public Option<int> MinItemClicks { get; } = new("--min-item-clicks")
    {
        Description = "Drop clicks on items clicked fewer times than this before sessionising (e.g. 5 for the paper's ML-1M).",
        DefaultValueFactory = _ => 1,
    };

    public Option<bool> Strict { get; } = new("--strict")
    {
        Description = "Stop at the first malformed line instead of skipping and counting it.",
    };

    /// <param name="extraDatasets">Dataset names a command accepts besides the readable ones (e.g. the paper splits).</param>
    public DatasetsSourceOptions(params string[] extraDatasets)
    {
        Dataset.AcceptOnlyFromAmong([.. DatasetSource.Names, .. extraDatasets]);
        SessionRule.AcceptOnlyFromAmong("per-user", "gap", "window", "paper-ml-1m");
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Dataset, DataDir, File, SessionRule, GapMinutes, Window, MaxLength, MinItemClicks, Strict })
        {
            command.Options.Add(option);
        }
    }

    public DatasetSource OpenSource(ParseResult parse) =>
        DatasetSource.Open(parse.GetValue(Dataset)!, DatasetsDataDirectory.Resolve(parse.GetValue(DataDir)), parse.GetValue(File));

    public MalformedLineLog CreateLog(ParseResult parse)
    {
        var log = new MalformedLineLog(parse.GetValue(Strict));
        log.Reported += (_, line) =>
        {
            // Print the first few as they happen; the summary has the total.
            if (log.Count <= log.Keep)
            {
                Console.Error.WriteLine($"skipped {line}");
            }
        };
        return log;
    }

    public SessionizerOptions Sessionizing(ParseResult parse)
    {
        var maxLength = parse.GetValue(MaxLength);
        var options = parse.GetValue(SessionRule) switch
        {
            "gap" => new SessionizerOptions
            {
                Boundary = SessionBoundary.InactivityGap,
                InactivityGap = TimeSpan.FromMinutes(parse.GetValue(GapMinutes)),
                MaxLength = maxLength,
            },
            "window" => new SessionizerOptions { Boundary = SessionBoundary.FixedWindow, WindowLength = parse.GetValue(Window), MaxLength = maxLength },
            "paper-ml-1m" => Core.Sessions.SessionizerOptions.PaperMovieLens with { MaxLength = maxLength },
            _ => new SessionizerOptions { MaxLength = maxLength },
        };
        options.Validate();
        return options;
    }

    /// <summary>Reads and sessionises, printing what the source is and what it lacks to stderr.</summary>
    public (DatasetSource Source, IReadOnlyList<Session> Sessions, MalformedLineLog Log) Load(ParseResult parse)
    {
        var source = OpenSource(parse);
        var log = CreateLog(parse);
        var options = Sessionizing(parse);
        Console.Error.WriteLine($"reading {source.Name} from {source.InteractionsPath} ({source.TimestampNote})");
        var minItemClicks = parse.GetValue(MinItemClicks);
        if (minItemClicks < 1)
        {
            throw new ArgumentException("--min-item-clicks must be at least 1");
        }

        var interactions = minItemClicks == 1 ? source.ReadInteractions(log) : ItemSupportFilter.Apply(source.ReadInteractions(log), minItemClicks);
        var sessions = Sessionizer.Sessionize(interactions, options);
        return (source, sessions, log);
    }

    public static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
