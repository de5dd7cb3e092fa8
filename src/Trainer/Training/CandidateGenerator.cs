using System.Diagnostics;
using System.Globalization;
using Streaming.Core.Datasets.PaperSplits;
using Streaming.Core.Graph;
using Streaming.Trainer.Models;
using TorchSharp;

namespace Streaming.Trainer.Training;

/// <summary>
/// The candidate generator's job in the pipeline: the top-K items (1-based ids, best first) for every
/// sample, in batches, with the throughput it reached. The lists feed the LLM prompts and the fused
/// model's training data.
/// </summary>
public static class CandidateGenerator
{
    public static (IReadOnlyList<int[]> Lists, double SamplesPerSecond) Generate(
        SrGnn model,
        IReadOnlyList<PaperSample> samples,
        int k,
        int batchSize,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var width = Math.Min(k, model.ItemCount);
        var builder = new SessionGraphBuilder();
        var lists = new int[samples.Count][];
        var graphs = new List<SessionGraph>(batchSize);
        var clock = Stopwatch.StartNew();
        model.eval();
        using var noGrad = torch.no_grad();
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
            var top = model.forward(input).topk(width, dim: 1).indexes.data<long>().ToArray();
            for (var i = 0; i < count; i++)
            {
                var list = new int[width];
                for (var j = 0; j < width; j++)
                {
                    // Score column c is item c + 1.
                    list[j] = (int)top[(i * width) + j] + 1;
                }

                lists[start + i] = list;
            }
        }

        return (lists, samples.Count / Math.Max(clock.Elapsed.TotalSeconds, 1e-9));
    }

    /// <summary>Writes lists in the paper's candidate-file format: one line per sample, ids separated by spaces.</summary>
    public static void Write(IEnumerable<int[]> lists, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var list in lists)
        {
            writer.Write(string.Join(' ', list.Select(id => id.ToString(CultureInfo.InvariantCulture))));
            writer.Write('\n');
        }
    }
}
