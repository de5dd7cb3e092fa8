using Streaming.Core.Catalog;
using Streaming.Core.Evaluation;
using Streaming.Core.Graph;
using Streaming.Serving;
using Streaming.Trainer.Training;

namespace Streaming.Trainer.Retraining;

/// <summary>
/// Scores a published candidate graph on holdout samples the way serving runs it: each prefix is mapped through the
/// model's own catalog (items it does not know are left out, as <c>LiveSession.ToModelClicks</c> does), the session
/// graph is built by the shared <see cref="SessionGraphBuilder"/>, and the graph's top-K is ranked. A sample whose
/// prefix the model knows nothing of, or whose target it cannot name, is a miss, so two models with different
/// catalogs are judged on exactly the same samples.
/// </summary>
public static class HoldoutEvaluator
{
    private static readonly int[] Cutoffs = [5, 10, 20];

    /// <summary>HR@K, MRR@K and NDCG@K for K in 5, 10, 20, in percent, of a candidate generator.</summary>
    public static IReadOnlyDictionary<string, double> Evaluate(
        OnnxCandidateGenerator generator,
        ItemCatalog catalog,
        IReadOnlyList<HoldoutSample> samples,
        int batchSize,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return Evaluate(generator.Layout, (batch, _) => generator.Generate(batch), catalog, samples, batchSize, cancellationToken);
    }

    /// <summary>
    /// The same for a fused ranker, each sample with its intents from <paramref name="intents"/> (indexed like
    /// <paramref name="samples"/>; an absent group takes the model's learned "no intent" input, as in serving).
    /// </summary>
    public static IReadOnlyDictionary<string, double> Evaluate(
        OnnxRanker ranker,
        ItemCatalog catalog,
        IReadOnlyList<HoldoutSample> samples,
        IntentSet intents,
        int batchSize,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ranker);
        ArgumentNullException.ThrowIfNull(intents);
        return Evaluate(
            ranker.Layout,
            (batch, rows) => ranker.Rank(batch, [.. rows.Select(r => intents.Explicit[r])], [.. rows.Select(r => intents.Latent[r])]),
            catalog,
            samples,
            batchSize,
            cancellationToken);
    }

    // rank(batch, sample indices of its rows) -> the top items of each row.
    private static Dictionary<string, double> Evaluate(
        SessionGraphLayout layout,
        Func<SessionGraphBatch, List<int>, TopItems> rank,
        ItemCatalog catalog,
        IReadOnlyList<HoldoutSample> samples,
        int batchSize,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var builder = new SessionGraphBuilder();
        var accumulator = new RankingAccumulator(Cutoffs);
        var graphs = new List<SessionGraph>(batchSize);
        var targets = new List<int>(batchSize);
        var rows = new List<int>(batchSize);
        for (var start = 0; start < samples.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            graphs.Clear();
            targets.Clear();
            rows.Clear();
            for (var index = start; index < Math.Min(start + batchSize, samples.Count); index++)
            {
                var sample = samples[index];
                var clicks = catalog.Encode(sample.Prefix);
                if (clicks.Length == 0)
                {
                    accumulator.Add(0);
                    continue;
                }

                graphs.Add(builder.Build(clicks));
                rows.Add(index);
                targets.Add(catalog.IndexOf(sample.Target));
            }

            if (graphs.Count == 0)
            {
                continue;
            }

            var top = rank(SessionGraphBatch.Pack(graphs, layout), rows);
            for (var row = 0; row < graphs.Count; row++)
            {
                // An unknown target has index 0, which no list holds: rank 0, a miss.
                accumulator.AddRankedList(top.ItemsOf(row), targets[row]);
            }
        }

        return accumulator.ToDictionary().ToDictionary(entry => entry.Key, entry => entry.Value * 100, StringComparer.Ordinal);
    }
}
