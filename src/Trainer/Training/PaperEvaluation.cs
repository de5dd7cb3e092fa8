using Spectre.Console;
using Streaming.Core.Datasets.PaperSplits;
using Streaming.Core.Evaluation;
using Streaming.Trainer.Native;

namespace Streaming.Trainer.Training;

/// <summary>
/// <c>streaming evaluate</c>: scores the test samples of a paper split with a trained model directory
/// or with the paper's released candidate lists, using the same metrics as training.
/// </summary>
public static class PaperEvaluation
{
    private static readonly int[] Cutoffs = [5, 10, 20, 50];

    /// <summary>The released top-50 lists of the paper's frozen generator against the test targets.</summary>
    public static RankingAccumulator ReleasedCandidates(PaperSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        var candidates = split.TestCandidates
            ?? throw new FileNotFoundException($"The {split.Dataset} split has no {PaperSplit.CandidatesFile}.");
        var accumulator = new RankingAccumulator(Cutoffs);
        for (var i = 0; i < split.Test.Count; i++)
        {
            accumulator.AddRankedList(candidates[i], split.Test[i].Target);
        }

        return accumulator;
    }

    /// <summary>
    /// A model directory written by <c>streaming train --out</c>: its top-50 over all items for every
    /// test sample, scored like the released lists. With <paramref name="candidatesDirectory"/> it also
    /// writes <c>candidates_train.tsv</c> and <c>candidates_test.tsv</c> there (the released format).
    /// </summary>
    public static (RankingAccumulator Metrics, double SamplesPerSecond) Model(
        string modelDirectory, PaperSplit split, int threads, string? candidatesDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(split);
        TorchRuntime.Initialise(threads);
        var (model, manifest) = ModelDirectory.Load(modelDirectory);
        using (model)
        {
            if (manifest.ItemCount != split.ItemCount)
            {
                throw new InvalidDataException($"The model knows {manifest.ItemCount} items, the {split.Dataset} split has {split.ItemCount}.");
            }

            var (test, rate) = CandidateGenerator.Generate(model, split.Test, k: 50, batchSize: 500, cancellationToken);
            var accumulator = new RankingAccumulator(Cutoffs);
            for (var i = 0; i < split.Test.Count; i++)
            {
                accumulator.AddRankedList(test[i], split.Test[i].Target);
            }

            if (candidatesDirectory is not null)
            {
                Directory.CreateDirectory(candidatesDirectory);
                var (train, _) = CandidateGenerator.Generate(model, split.Train, k: 50, batchSize: 500, cancellationToken);
                WriteAtomically(Path.Combine(candidatesDirectory, "candidates_train.tsv"), train);
                WriteAtomically(Path.Combine(candidatesDirectory, "candidates_test.tsv"), test);
            }

            return (accumulator, rate);
        }
    }

    private static void WriteAtomically(string path, IReadOnlyList<int[]> lists)
    {
        using (var writer = new StreamWriter(path + ".tmp"))
        {
            CandidateGenerator.Write(lists, writer);
        }

        File.Move(path + ".tmp", path, overwrite: true);
    }

    public static void Render(string title, RankingAccumulator accumulator, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        ArgumentNullException.ThrowIfNull(console);
        var table = new Table().Title(title).AddColumns("K", "HR@K %", "MRR@K %", "NDCG@K %");
        foreach (var k in accumulator.Cutoffs)
        {
            table.AddRow(
                k.ToString(System.Globalization.CultureInfo.InvariantCulture),
                (100 * accumulator.HitRate(k)).ToString("F2", System.Globalization.CultureInfo.InvariantCulture),
                (100 * accumulator.Mrr(k)).ToString("F2", System.Globalization.CultureInfo.InvariantCulture),
                (100 * accumulator.Ndcg(k)).ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
        }

        console.Write(table);
        console.MarkupLineInterpolated($"{accumulator.Count} test samples.");
    }
}
