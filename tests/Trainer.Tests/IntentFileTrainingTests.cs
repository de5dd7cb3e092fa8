using System.Globalization;
using Spectre.Console;
using Streaming.Core.Datasets.PaperSplits;
using Streaming.Core.Intents;
using Streaming.Trainer.Models;
using Streaming.Trainer.Native;
using Streaming.Trainer.Training;
using TorchSharp;

namespace Streaming.Trainer.Tests;

/// <summary>The fused model on precomputed intent files (the IntentWorker's batch output format), on generated data.</summary>
[Collection(LibTorchCollection.Name)]
public sealed class IntentFileTrainingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("intent-files-").FullName;

    public IntentFileTrainingTests() => TorchRuntime.Initialise(threads: 1);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Flags_decide_which_groups_fall_back_to_the_no_intent_input()
    {
        float[] a = [1, 0], b = [0, 1];
        var contents = new IntentVectorFileContents(2,
        [
            new(IntentGroups.Explicit | IntentGroups.Latent, a, b),
            new(IntentGroups.Latent, b, b), // explicit stored as the paper's copy of latent
            new(IntentGroups.None, new float[2], new float[2]),
        ]);

        var learned = PrecomputedIntents.FromContents(contents, 3, copyEmptyGroup: false, "test");
        var copied = PrecomputedIntents.FromContents(contents, 3, copyEmptyGroup: true, "test");

        Assert.Equal(a, learned.Explicit[0]);
        Assert.Equal(b, learned.Latent[0]);
        Assert.Null(learned.Explicit[1]);
        Assert.Equal(b, learned.Latent[1]);
        Assert.Null(learned.Explicit[2]);
        Assert.Null(learned.Latent[2]);
        Assert.Equal(b, copied.Explicit[1]);
        Assert.Null(copied.Explicit[2]);
        Assert.Null(copied.Latent[2]);
        var error = Assert.Throws<InvalidDataException>(() => PrecomputedIntents.FromContents(contents, 4, copyEmptyGroup: false, "x.int"));
        Assert.Contains("3 records for 4 samples", error.Message);
    }

    [Fact]
    public void A_group_without_intents_scores_exactly_as_the_learned_no_intent_input()
    {
        torch.manual_seed(5);
        var samples = ToyData.Random(items: 20, count: 6, seed: 2);
        var random = new Random(9);
        var path = Path.Combine(_root, "scores.int");
        // Every sample has a latent group; none has an explicit one, but the file stores a (non-zero) copy there.
        var latent = samples.Select(_ => Vector(random, 8)).ToList();
        WriteFile(path, 8, latent.Select(v => (IntentGroups.Latent, v, v)));
        var fromFile = PrecomputedIntents.Load(path, samples.Count, copyEmptyGroup: false);
        var withCopy = PrecomputedIntents.Load(path, samples.Count, copyEmptyGroup: true);
        var latentOnly = new IntentSet(8, new float[]?[samples.Count], [.. latent]);

        using var model = new DmsRec(itemCount: 20, hidden: 8, intentDimension: 8, projectionDropoutRate: 0.2);
        model.eval();
        var file = Scores(model, samples, fromFile);
        var expected = Scores(model, samples, latentOnly);
        var copy = Scores(model, samples, withCopy);

        Assert.Equal(expected, file);
        Assert.True(expected.Zip(copy).Max(x => Math.Abs(x.First - x.Second)) > 1e-4, "the copied explicit vector must change the scores");
    }

    [Fact]
    public async Task Train_reads_intent_files_and_learns_from_what_they_carry()
    {
        var train = ToyData.Random(items: 40, count: 600, seed: 11);
        var test = ToyData.Random(items: 40, count: 200, seed: 12);
        WriteSplit(40, train, test);
        // Vectors that leak the target's group (a wiring test, as with --synthetic-intents signal), written in the
        // precompute format; every third sample lacks an explicit group.
        var trainPath = WriteSignalFile("train.int", train, seed: 3);
        var testPath = WriteSignalFile("test.int", test, seed: 3);
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(output) });
        console.Profile.Width = 400;
        var options = new PaperRunOptions
        {
            Dataset = "ml-1m",
            DataDirectory = _root,
            Training = new TrainingOptions { Hidden = 16, BatchSize = 25, LearningRate = 0.01, Epochs = 8, Threads = 1, ValidationFraction = 0, Seed = 4, LearningRateDecayEvery = 100 },
            Model = "dmsrec",
            DmsRec = new DmsRecOptions { IntentsTrainPath = trainPath, IntentsTestPath = testPath, ProjectionDropout = 0.1 },
        };

        var report = await PaperRun.RunAsync(options, console, TestContext.Current.CancellationToken);

        Assert.Equal("dmsrec", report.Model);
        Assert.Equal(8, report.Epochs.Count);
        // Chance HR@5 over 40 items is 12.5 %: only the file's vectors can carry the target.
        Assert.True(report.Epochs[^1].Test["HR@5"] > 60, $"HR@5 {report.Epochs[^1].Test["HR@5"]}");
        var text = output.ToString();
        Assert.Contains("Precomputed train intents (12-d): explicit for 400, latent for 600 of 600 samples; empty groups: learned", text);
        Assert.Contains("without any intents", text);
        Assert.DoesNotContain("Synthetic", text);
    }

    [Fact]
    public async Task Intent_files_must_match_the_samples_and_come_in_pairs()
    {
        var train = ToyData.Random(items: 10, count: 30, seed: 1);
        var test = ToyData.Random(items: 10, count: 10, seed: 2);
        WriteSplit(10, train, test);
        var shortTest = WriteSignalFile("short.int", test.GetRange(0, 5), seed: 1);
        var trainPath = WriteSignalFile("train.int", train, seed: 1);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()) });
        PaperRunOptions Options(string? trainFile, string? testFile) => new()
        {
            Dataset = "ml-1m",
            DataDirectory = _root,
            Model = "dmsrec",
            Training = new TrainingOptions { Hidden = 8, Epochs = 1, Threads = 1 },
            DmsRec = new DmsRecOptions { IntentsTrainPath = trainFile, IntentsTestPath = testFile },
        };

        var mismatch = await Assert.ThrowsAsync<InvalidDataException>(() => PaperRun.RunAsync(Options(trainPath, shortTest), console, TestContext.Current.CancellationToken));
        var alone = await Assert.ThrowsAsync<ArgumentException>(() => PaperRun.RunAsync(Options(trainPath, null), console, TestContext.Current.CancellationToken));

        Assert.Contains("5 records for 10 samples", mismatch.Message);
        Assert.Contains("both intent files", alone.Message);
    }

    private static float[] Scores(DmsRec model, List<PaperSample> samples, IntentSet intents)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var recommender = new DmsRecRecommender(model, intents, intents, sigma: 0.3, missingIntentRate: 0, seed: 1);
        var builder = new Core.Graph.SessionGraphBuilder();
        using var sessions = SessionTensors.From(Core.Graph.SessionGraphBatch.Pack(samples.Select(s => builder.Build(s.Items)).ToList()));
        return recommender.Scores(sessions, new SampleBatch(SampleSet.Test, [.. Enumerable.Range(0, samples.Count)])).data<float>().ToArray();
    }

    private string WriteSignalFile(string name, List<PaperSample> samples, int seed)
    {
        var signal = SyntheticIntents.Signal(samples, 40, dimension: 12, groups: 40, noise: 0.05, seed);
        var path = Path.Combine(_root, name);
        WriteFile(path, 12, Enumerable.Range(0, samples.Count).Select(i => i % 3 == 2
            ? (IntentGroups.Latent, signal.Latent[i]!, signal.Latent[i]!)
            : (IntentGroups.Explicit | IntentGroups.Latent, signal.Explicit[i]!, signal.Latent[i]!)));
        return path;
    }

    private static void WriteFile(string path, int dimension, IEnumerable<(IntentGroups Groups, float[] Explicit, float[] Latent)> records)
    {
        var (writer, _) = IntentVectorFile.OpenForAppend(path, dimension);
        using (writer)
        {
            foreach (var (groups, explicitVector, latentVector) in records)
            {
                IntentVectorFile.Write(writer, dimension, groups, explicitVector, latentVector);
            }
        }
    }

    private void WriteSplit(int items, List<PaperSample> train, List<PaperSample> test)
    {
        var directory = PaperSplit.DirectoryOf(_root, "ml-1m");
        Directory.CreateDirectory(directory);
        File.WriteAllLines(Path.Combine(directory, PaperSplit.StatsFile), [$"items\t{items.ToString(CultureInfo.InvariantCulture)}"]);
        File.WriteAllLines(Path.Combine(directory, PaperSplit.TrainFile), train.Select(Line));
        File.WriteAllLines(Path.Combine(directory, PaperSplit.TestFile), test.Select(Line));
    }

    private static string Line(PaperSample sample) =>
        string.Join(' ', sample.Items.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "\t" + sample.Target.ToString(CultureInfo.InvariantCulture);

    private static float[] Vector(Random random, int dimension) =>
        [.. Enumerable.Range(0, dimension).Select(_ => (float)random.NextDouble() - 0.5f)];
}
