using Streaming.Core.Datasets.PaperSplits;
using Streaming.Core.Evaluation;
using Streaming.Core.Graph;
using Streaming.Trainer.Models;
using TorchSharp;

namespace Streaming.Trainer.Training;

/// <summary>
/// Scores samples against all items and accumulates HR/MRR@{5,10,20} from each sample's top-20
/// (topk on the score matrix, as the reference evaluation does).
/// </summary>
public static class RankingEvaluator
{
    private const int TopK = 20;

    public static RankingAccumulator Evaluate(
        SrGnn model,
        IReadOnlyList<PaperSample> samples,
        SessionGraphBuilder builder,
        int batchSize,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(builder);
        var accumulator = new RankingAccumulator();
        model.eval();
        using var noGrad = torch.no_grad();
        var graphs = new List<SessionGraph>(batchSize);
        for (var start = 0; start < samples.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, samples.Count - start);
            graphs.Clear();
            for (var i = 0; i < count; i++)
            {
                graphs.Add(builder.Build(samples[start + i].Items));
            }

            using var scope = torch.NewDisposeScope();
            using var input = SessionTensors.From(SessionGraphBatch.Pack(graphs, SessionGraphLayout.EdgeList));
            var scores = model.forward(input);
            var k = (int)Math.Min(TopK, scores.shape[1]);
            var top = scores.topk(k, dim: 1).indexes.data<long>().ToArray();
            for (var i = 0; i < count; i++)
            {
                // Score column c is item c + 1.
                var target = samples[start + i].Target - 1;
                accumulator.Add(TargetRank.FromRankedList(top.AsSpan(i * k, k), target));
            }
        }

        return accumulator;
    }

    /// <summary>The report keys in percent.</summary>
    public static IReadOnlyDictionary<string, double> ToPercent(RankingAccumulator accumulator)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        var all = accumulator.ToDictionary();
        return MetricNames.All.ToDictionary(name => name, name => 100.0 * all[name], StringComparer.Ordinal);
    }
}
