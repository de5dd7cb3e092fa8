using Streaming.Core.Datasets.PaperSplits;
using Streaming.Core.Evaluation;
using Streaming.Core.Graph;
using Streaming.Trainer.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Streaming.Trainer.Training;

/// <summary>
/// Scores samples against all items and accumulates HR/MRR@{5,10,20} from each sample's top-20
/// (topk on the score matrix, as the reference evaluation does).
/// </summary>
public static class RankingEvaluator
{
    private const int TopK = 20;

    /// <summary>Evaluates plain SR-GNN on every sample of a list.</summary>
    public static RankingAccumulator Evaluate(
        SrGnn model,
        IReadOnlyList<PaperSample> samples,
        SessionGraphBuilder builder,
        int batchSize,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samples);
        using var recommender = new NonOwningSrGnn(model);
        return Evaluate(recommender, samples, SampleSet.Test, [.. Enumerable.Range(0, samples.Count)], builder, batchSize, cancellationToken);
    }

    /// <summary>Evaluates the samples at <paramref name="indices"/> of <paramref name="samples"/>.</summary>
    public static RankingAccumulator Evaluate(
        ISessionRecommender model,
        IReadOnlyList<PaperSample> samples,
        SampleSet set,
        int[] indices,
        SessionGraphBuilder builder,
        int batchSize,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(builder);
        var accumulator = new RankingAccumulator();
        model.Module.eval();
        using var noGrad = torch.no_grad();
        var graphs = new List<SessionGraph>(batchSize);
        for (var start = 0; start < indices.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, indices.Length - start);
            var batch = indices[start..(start + count)];
            graphs.Clear();
            foreach (var index in batch)
            {
                graphs.Add(builder.Build(samples[index].Items));
            }

            using var scope = torch.NewDisposeScope();
            using var input = SessionTensors.From(SessionGraphBatch.Pack(graphs, SessionGraphLayout.EdgeList));
            var scores = model.Scores(input, new SampleBatch(set, batch));
            var k = (int)Math.Min(TopK, scores.shape[1]);
            var top = scores.topk(k, dim: 1).indexes.data<long>().ToArray();
            for (var i = 0; i < count; i++)
            {
                // Score column c is item c + 1.
                var target = samples[batch[i]].Target - 1;
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

    // Lets a caller-owned SrGnn go through the recommender path without being disposed by it.
    private sealed class NonOwningSrGnn(SrGnn model) : ISessionRecommender
    {
        private readonly SrGnnRecommender _inner = new(model);

        public string Name => _inner.Name;

        public nn.Module Module => _inner.Module;

        public Tensor Loss(SessionTensors sessions, SampleBatch batch, Tensor targets) => _inner.Loss(sessions, batch, targets);

        public Tensor Scores(SessionTensors sessions, SampleBatch batch) => _inner.Scores(sessions, batch);

        public void Dispose()
        {
        }
    }
}
