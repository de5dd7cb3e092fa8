using System.CommandLine;
using System.Text.Json;

namespace Streaming.Cli.Commands;

/// <summary><c>streaming plot training</c>: accuracy and epoch time over the epochs of a training run, as an SVG.</summary>
internal static class PlotCommand
{
    private static readonly string[] Ks = ["5", "10", "20"];

    public static Command Create()
    {
        var metrics = new Argument<FileInfo>("metrics") { Description = "A training run's metrics.json (written by streaming train --out DIR)." };
        var output = new Option<FileInfo?>("--out") { Description = "SVG file to write (default: metrics.svg beside the metrics file)." };
        var training = new Command("training", "Plot HR@K, MRR@K and epoch times of a training run as an SVG.") { metrics, output };
        training.SetAction(async (parse, cancellationToken) =>
        {
            var input = parse.GetValue(metrics)!;
            if (!input.Exists)
            {
                await Console.Error.WriteLineAsync($"plot: no file {input.FullName}");
                return 2;
            }

            using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(input.FullName, cancellationToken));
            var svg = Render(document.RootElement);
            var target = parse.GetValue(output)?.FullName ?? Path.Combine(input.DirectoryName ?? ".", "metrics.svg");
            await File.WriteAllTextAsync(target, svg, cancellationToken);
            Console.WriteLine(target);
            return 0;
        });

        var command = new Command("plot", "Pictures of numbers people would rather see than read.");
        command.Subcommands.Add(training);
        return command;
    }

    /// <summary>Three charts from a metrics.json: HR@K, MRR@K (in %) and train/eval seconds per epoch.</summary>
    internal static string Render(JsonElement metrics)
    {
        var name = $"{metrics.GetProperty("model").GetString()} on {metrics.GetProperty("dataset").GetString()}";
        var epochs = metrics.GetProperty("epochs").EnumerateArray().ToList();
        IReadOnlyList<(double, double)> Series(string field) =>
            [.. epochs.Select(e => ((double)e.GetProperty("epoch").GetInt32(), e.GetProperty(field).GetDouble()))];

        var hit = new SvgLineChart($"Hit rate (P@K) on test — {name}", "epoch", "%");
        var mrr = new SvgLineChart($"MRR@K on test — {name}", "epoch", "%");
        foreach (var k in Ks)
        {
            hit.Add("HR@" + k, Series("HR@" + k));
            mrr.Add("MRR@" + k, Series("MRR@" + k));
        }

        var time = new SvgLineChart("Seconds per epoch", "epoch", "s")
            .Add("train", Series("trainSeconds"))
            .Add("evaluate", Series("evalSeconds"));
        return SvgLineChart.Document([hit, mrr, time]);
    }
}
