using System.CommandLine;
using Spectre.Console;
using Streaming.Trainer.Training;

namespace Streaming.Cli.Commands;

/// <summary>
/// <c>streaming train</c>: trains a model on a dataset split and reports per-epoch metrics; the work
/// happens in <see cref="PaperRun"/>, this is only the command-line surface.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "Dataset: beauty or ml-1m.", Required = true };
        dataset.AcceptOnlyFromAmong("beauty", "ml-1m");
        var protocol = new Option<string>("--protocol") { Description = "paper (the paper's exact split) or temporal.", DefaultValueFactory = _ => "paper" };
        protocol.AcceptOnlyFromAmong("paper", "temporal");
        var model = new Option<string>("--model") { Description = "srgnn or dmsrec.", DefaultValueFactory = _ => "srgnn" };
        model.AcceptOnlyFromAmong("srgnn", "dmsrec");
        var epochs = new Option<int?>("--epochs") { Description = "Training epochs (default 30)." };
        var dataDir = new Option<string?>("--data-dir") { Description = $"Directory containing paper-splits/ (default: ${PaperRunOptions.DataDirectoryVariable})." };
        var outDir = new Option<string?>("--out") { Description = "Directory for metrics.json and the trained model." };
        var threads = new Option<int?>("--threads") { Description = "libtorch intra-op threads (default 2)." };
        var validation = new Option<double?>("--validation-fraction") { Description = "Share of train held out to select the epoch (default 0.1; 0 = train on all)." };
        var seed = new Option<int?>("--seed") { Description = "Random seed (default 2019)." };
        var synthetic = new Option<string?>("--synthetic-intents") { Description = "dmsrec only, without intent files: signal (leaks the target; wiring test) or noise (default)." };
        synthetic.AcceptOnlyFromAmong("signal", "noise");
        var alignment = new Option<string>("--alignment") { Description = "dmsrec only: kl (the paper's) or infonce.", DefaultValueFactory = _ => "kl" };
        alignment.AcceptOnlyFromAmong("kl", "infonce");
        var intentsTrain = new Option<string?>("--intents-train") { Description = "dmsrec only: intent vectors of the train samples ('streaming intents precompute --samples train')." };
        var intentsTest = new Option<string?>("--intents-test") { Description = "dmsrec only: intent vectors of the test samples ('streaming intents precompute --samples test')." };
        var emptyGroup = new Option<string>("--empty-intent-group") { Description = "dmsrec with intent files: a group the sample lacked uses the learned 'no intent' input (learned) or the other group's vector, the paper's rule (copy).", DefaultValueFactory = _ => "learned" };
        emptyGroup.AcceptOnlyFromAmong("learned", "copy");
        var sigma = new Option<double?>("--sigma") { Description = "dmsrec only: weight of the KL alignment (default 0.3)." };

        var command = new Command("train", "Train a model on a dataset split and report HR/MRR@5/10/20 per epoch.");
        foreach (var option in new Option[] { dataset, protocol, model, epochs, dataDir, outDir, threads, validation, seed, synthetic, intentsTrain, intentsTest, emptyGroup, sigma, alignment })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var training = new TrainingOptions();
            training.Epochs = parseResult.GetValue(epochs) ?? training.Epochs;
            training.Threads = parseResult.GetValue(threads) ?? training.Threads;
            training.ValidationFraction = parseResult.GetValue(validation) ?? training.ValidationFraction;
            training.Seed = parseResult.GetValue(seed) ?? training.Seed;
            var options = new PaperRunOptions
            {
                Dataset = parseResult.GetValue(dataset)!,
                Protocol = parseResult.GetValue(protocol)!,
                Model = parseResult.GetValue(model)!,
                DataDirectory = parseResult.GetValue(dataDir),
                OutputDirectory = parseResult.GetValue(outDir),
                Training = training,
                DmsRec = new DmsRecOptions
                {
                    SyntheticIntents = parseResult.GetValue(synthetic) ?? "noise",
                    IntentsTrainPath = parseResult.GetValue(intentsTrain),
                    IntentsTestPath = parseResult.GetValue(intentsTest),
                    EmptyIntentGroup = parseResult.GetValue(emptyGroup)!,
                    Sigma = parseResult.GetValue(sigma) ?? 0.3,
                    Alignment = parseResult.GetValue(alignment)!,
                },
            };
            try
            {
                if (options.DmsRec.UsesIntentFiles && parseResult.GetValue(synthetic) is not null)
                {
                    throw new ArgumentException("Pass either --synthetic-intents or the intent files (--intents-train/--intents-test), not both.");
                }

                var console = AnsiConsole.Console;
                if (Console.IsOutputRedirected)
                {
                    // Logs and CI capture keep the per-epoch table on one line per row.
                    console.Profile.Width = Math.Max(console.Profile.Width, 140);
                }

                await PaperRun.RunAsync(options, console, cancellationToken);
                return 0;
            }
            catch (OperationCanceledException)
            {
                await Console.Error.WriteLineAsync("streaming train: cancelled.");
                return 130;
            }
            catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException or IOException or FormatException)
            {
                await Console.Error.WriteLineAsync($"streaming train: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
