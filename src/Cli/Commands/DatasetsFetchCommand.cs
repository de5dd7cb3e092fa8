using System.CommandLine;
using Spectre.Console;

namespace Streaming.Cli.Commands;

/// <summary>
/// <c>streaming datasets fetch ml-1m|beauty --to DIR</c>: downloads the official archives into the
/// data-directory layout, with progress and SHA-256 verification.
/// </summary>
internal static class DatasetsFetchCommand
{
    public static Command Create()
    {
        var command = new Command("fetch", "Download the official ML-1M or Amazon Beauty 2014 files into a data directory.");
        var dataset = new Argument<string>("dataset") { Description = "ml-1m or beauty." };
        dataset.AcceptOnlyFromAmong([.. DatasetsArchive.Datasets]);
        var to = new Option<string>("--to") { Description = "Data directory root to fill (ml-1m/ or beauty/ is created inside).", Required = true };
        var baseUrl = new Option<string?>("--base-url") { Description = "Download from this base URL instead of the official one (a mirror)." };
        var force = new Option<bool>("--force") { Description = "Download again even if the files exist." };
        command.Arguments.Add(dataset);
        command.Options.Add(to);
        command.Options.Add(baseUrl);
        command.Options.Add(force);
        command.SetAction(async (parse, ct) =>
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            try
            {
                using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
                var archives = DatasetsArchive.Official(parse.GetValue(dataset)!);
                await console.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                    .StartAsync(async context =>
                    {
                        var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                        var fetcher = new DatasetsFetcher(http)
                        {
                            Progress = (name, received, total) =>
                            {
                                if (!tasks.TryGetValue(name, out var task))
                                {
                                    task = context.AddTask(name, maxValue: total ?? 1);
                                    task.IsIndeterminate = total is null;
                                    tasks.Add(name, task);
                                }

                                task.Value = total is null ? 0 : received;
                            },
                            Note = note => Console.Error.WriteLine(note),
                        };
                        await fetcher.FetchAsync(archives, parse.GetValue(baseUrl), parse.GetValue(to)!, parse.GetValue(force), ct);
                    });
                Console.WriteLine($"{parse.GetValue(dataset)} is in {Path.GetFullPath(parse.GetValue(to)!)}");
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or HttpRequestException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
