using Spectre.Console;
using Streaming.Core.Datasets.PaperSplits;
using Streaming.Core.Evaluation;
using Streaming.Core.Graph;
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

    /// <summary>A model directory written by <c>streaming train --out</c>, scored over all items (top-20).</summary>
    public static RankingAccumulator Model(string modelDirectory, PaperSplit split, int threads, CancellationToken cancellationToken)
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

            return RankingEvaluator.Evaluate(model, split.Test, new SessionGraphBuilder(), batchSize: 500, cancellationToken);
        }
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
