using System.CommandLine;
using Spectre.Console;
using Streaming.Core.Datasets.PaperSplits;
using Streaming.Trainer.Training;

namespace Streaming.Cli.Commands;

/// <summary>
/// <c>streaming evaluate</c>: HR/MRR/NDCG of a trained model directory, or of the paper's released
/// candidate lists, on a paper split's test samples. The work happens in <see cref="PaperEvaluation"/>.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "Dataset: beauty or ml-1m.", Required = true };
        dataset.AcceptOnlyFromAmong("beauty", "ml-1m");
        var model = new Option<string?>("--model") { Description = "A model directory written by 'streaming train --out DIR'." };
        var released = new Option<bool>("--released-candidates") { Description = "Evaluate the paper's released top-50 candidate lists instead of a model." };
        var dataDir = new Option<string?>("--data-dir") { Description = $"Directory containing paper-splits/ (default: ${PaperRunOptions.DataDirectoryVariable})." };
        var threads = new Option<int?>("--threads") { Description = "libtorch intra-op threads (default 2)." };

        var command = new Command("evaluate", "Evaluate a trained model (or the paper's released candidate lists) on a paper split's test samples.");
        foreach (var option in new Option[] { dataset, model, released, dataDir, threads })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                var name = parseResult.GetValue(dataset)!;
                var modelDirectory = parseResult.GetValue(model);
                var useReleased = parseResult.GetValue(released);
                if (useReleased == (modelDirectory is not null))
                {
                    throw new ArgumentException("Pass exactly one of --model DIR and --released-candidates.");
                }

                var root = new PaperRunOptions { DataDirectory = parseResult.GetValue(dataDir) }.ResolveDataDirectory();
                var split = await Task.Run(() => PaperSplit.Load(root, name), cancellationToken);
                var result = useReleased
                    ? PaperEvaluation.ReleasedCandidates(split)
                    : await Task.Run(() => PaperEvaluation.Model(modelDirectory!, split, parseResult.GetValue(threads) ?? 2, cancellationToken), cancellationToken);
                PaperEvaluation.Render(useReleased ? $"released candidates, {name} test" : $"{modelDirectory}, {name} test", result, AnsiConsole.Console);
                return 0;
            }
            catch (OperationCanceledException)
            {
                await Console.Error.WriteLineAsync("streaming evaluate: cancelled.");
                return 130;
            }
            catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException or IOException or FormatException)
            {
                await Console.Error.WriteLineAsync($"streaming evaluate: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
