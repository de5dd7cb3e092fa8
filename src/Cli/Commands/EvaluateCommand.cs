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
        var writeCandidates = new Option<string?>("--write-candidates") { Description = "With --model: write the model's top-50 lists for train and test to this directory." };

        var command = new Command("evaluate", "Evaluate a trained model (or the paper's released candidate lists) on a paper split's test samples.");
        foreach (var option in new Option[] { dataset, model, released, dataDir, threads, writeCandidates })
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
                if (useReleased)
                {
                    PaperEvaluation.Render($"released candidates, {name} test", PaperEvaluation.ReleasedCandidates(split), AnsiConsole.Console);
                    return 0;
                }

                var candidates = parseResult.GetValue(writeCandidates);
                var (result, rate) = await Task.Run(
                    () => PaperEvaluation.Model(modelDirectory!, split, parseResult.GetValue(threads) ?? 2, candidates, cancellationToken), cancellationToken);
                PaperEvaluation.Render($"{modelDirectory} top-50, {name} test", result, AnsiConsole.Console);
                AnsiConsole.MarkupLineInterpolated($"Top-50 candidate generation: {rate:F0} samples/s.");
                if (candidates is not null)
                {
                    AnsiConsole.MarkupLineInterpolated($"Wrote candidates_train.tsv and candidates_test.tsv to {candidates}.");
                }

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
