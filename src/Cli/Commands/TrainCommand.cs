using System.CommandLine;
using Spectre.Console;
using Streaming.Core.Sessions;
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
        // --dataset, --data-dir and, for the temporal protocol, how to read and cut the raw log.
        var source = new DatasetsSourceOptions();
        var protocol = new Option<string>("--protocol")
        {
            Description = "paper (the paper's exact split of beauty or ml-1m) or temporal (sessions cut from the raw log, the latest by end time are test).",
            DefaultValueFactory = _ => "paper",
        };
        protocol.AcceptOnlyFromAmong("paper", "temporal");
        var model = new Option<string>("--model") { Description = "srgnn or dmsrec.", DefaultValueFactory = _ => "srgnn" };
        model.AcceptOnlyFromAmong("srgnn", "dmsrec");
        var epochs = new Option<int?>("--epochs") { Description = "Training epochs (default 30)." };
        var outDir = new Option<string?>("--out") { Description = "Directory for metrics.json and the trained model." };
        var threads = new Option<int?>("--threads") { Description = "libtorch intra-op threads (default 2)." };
        var validation = new Option<double?>("--validation-fraction") { Description = "Share of train held out to select the epoch (default 0.1; 0 = train on all); temporal: the sessions just before the test period." };
        var testFraction = new Option<double>("--test-fraction") { Description = "temporal only: share of sessions (the latest by end time) that are test.", DefaultValueFactory = _ => 0.1 };
        var seed = new Option<int?>("--seed") { Description = "Random seed (default 2019)." };
        var decay = new Option<string>("--lr-decay")
        {
            Description = "When the x0.1 learning-rate steps come: every-3 (after epochs 3, 6, 9, ..., as the paper states it) or reference (after epochs 2, 5, 8, ..., as the reference code's scheduler does under PyTorch >= 1.1).",
            DefaultValueFactory = _ => "every-3",
        };
        decay.AcceptOnlyFromAmong("reference", "every-3");
        var synthetic = new Option<string?>("--synthetic-intents") { Description = "dmsrec only, without intent files: signal (leaks the target; wiring test) or noise (default)." };
        synthetic.AcceptOnlyFromAmong("signal", "noise");
        var alignment = new Option<string>("--alignment") { Description = "dmsrec only: kl (the paper's) or infonce.", DefaultValueFactory = _ => "kl" };
        alignment.AcceptOnlyFromAmong("kl", "infonce");
        var intentsTrain = new Option<string?>("--intents-train") { Description = "dmsrec only: intent vectors of the train samples ('streaming intents precompute --samples train')." };
        var intentsTest = new Option<string?>("--intents-test") { Description = "dmsrec only: intent vectors of the test samples ('streaming intents precompute --samples test')." };
        var emptyGroup = new Option<string>("--empty-intent-group") { Description = "dmsrec with intent files: a group the sample lacked uses the learned 'no intent' input (learned) or the other group's vector, the paper's rule (copy).", DefaultValueFactory = _ => "learned" };
        emptyGroup.AcceptOnlyFromAmong("learned", "copy");
        var sigma = new Option<double?>("--sigma") { Description = "dmsrec only: weight of the KL alignment (default 0.3)." };

        var fromTopics = new Option<bool>("--from-topics") { Description = "Run one streaming-Trainer round on the clicks and intents topics as they are now (needs --registry and Kafka)." };
        var bootstrap = KafkaOptionsFromCli.BootstrapServersOption();
        var registry = new Option<string?>("--registry") { Description = "--from-topics: the model registry to judge against and publish to." };
        var intentCatalog = new Option<string?>("--intent-catalog") { Description = "--from-topics: the IntentWorker's catalog (titles); with it the fused model is trained too (default: IntentWorker__CatalogPath)." };
        var titleCache = new Option<string?>("--title-cache") { Description = "--from-topics: the IntentWorker's title-vector cache directory (default: IntentWorker__TitleCacheDirectory)." };

        var command = new Command("train", "Train a model on a dataset split and report HR/MRR@5/10/20 per epoch; or one streaming round from the topics (--from-topics).");
        source.AddTo(command);
        // Not required with --from-topics; checked below otherwise.
        source.Dataset.Required = false;
        foreach (var option in new Option[] { protocol, model, epochs, outDir, threads, validation, testFraction, seed, decay, synthetic, intentsTrain, intentsTest, emptyGroup, sigma, alignment, fromTopics, bootstrap, registry, intentCatalog, titleCache })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(fromTopics))
            {
                var servers = KafkaOptionsFromCli.ResolveBootstrapServers(parseResult.GetValue(bootstrap));
                var registryPath = parseResult.GetValue(registry);
                if (servers is null || registryPath is null)
                {
                    await Console.Error.WriteLineAsync(servers is null ? "streaming train: " + KafkaOptionsFromCli.MissingBootstrapServers : "streaming train: --from-topics needs --registry DIR.");
                    return 2;
                }

                return await TrainFromTopics.RunAsync(
                    servers, registryPath, parseResult.GetValue(intentCatalog), parseResult.GetValue(titleCache), parseResult.GetValue(epochs), parseResult.GetValue(threads), parseResult.GetValue(seed), cancellationToken);
            }

            if (parseResult.GetValue(source.Dataset) is null)
            {
                await Console.Error.WriteLineAsync("streaming train: --dataset is required (or --from-topics).");
                return 2;
            }

            var training = new TrainingOptions();
            training.Epochs = parseResult.GetValue(epochs) ?? training.Epochs;
            training.Threads = parseResult.GetValue(threads) ?? training.Threads;
            training.ValidationFraction = parseResult.GetValue(validation) ?? training.ValidationFraction;
            training.Seed = parseResult.GetValue(seed) ?? training.Seed;
            training.ReferenceSchedulerTiming = parseResult.GetValue(decay) == "reference";
            var options = new PaperRunOptions
            {
                Dataset = parseResult.GetValue(source.Dataset)!,
                Protocol = parseResult.GetValue(protocol)!,
                Model = parseResult.GetValue(model)!,
                DataDirectory = parseResult.GetValue(source.DataDir),
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

                if (options.Protocol == "temporal")
                {
                    var split = TemporalSplitFromLog(source, parseResult, training.ValidationFraction, parseResult.GetValue(testFraction));
                    await PaperRun.RunAsync(options, split, console, cancellationToken);
                }
                else
                {
                    await PaperRun.RunAsync(options, console, cancellationToken);
                }

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

    // Reads and sessionises the raw log as replay does, then splits it by time (progress on stderr).
    private static TrainingSplit TemporalSplitFromLog(DatasetsSourceOptions source, ParseResult parse, double validationFraction, double testFraction)
    {
        var (dataset, sessions, log) = source.Load(parse);
        if (log.Count > 0)
        {
            Console.Error.WriteLine($"skipped {log.Count} malformed lines");
        }

        var split = TemporalSplit.Build(
            dataset.Name,
            sessions,
            new TimeSplitOptions { ValidationFraction = validationFraction, TestFraction = testFraction },
            dataset.ReadItemMetadata(log));
        Console.Error.WriteLine(
            $"temporal split of {sessions.Count} sessions: training data {split.Window.From:yyyy-MM-dd HH:mm} to {split.Window.To:yyyy-MM-dd HH:mm}, {split.ItemCount} items");
        return split;
    }
}
