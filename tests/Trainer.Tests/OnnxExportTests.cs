using Streaming.Core.Graph;
using Streaming.Serving;
using Streaming.Trainer.Models;
using Streaming.Trainer.Native;
using Streaming.Trainer.Onnx;
using TorchSharp;

namespace Streaming.Trainer.Tests;

/// <summary>The exported ONNX graphs, run by ONNX Runtime, against the TorchSharp modules they came from.</summary>
[Collection(LibTorchCollection.Name)]
public sealed class OnnxExportTests
{
    private const int Items = 300;
    private const int Hidden = 16;
    private const int IntentDimension = 12;
    private const int Top = 20;
    private const float Tolerance = 1e-4f;

    // Uneven batch sizes, including 1, exercise the dynamic batch, node and click dimensions.
    private static readonly int[] BatchSizes = [1, 7, 100, 250, 642];

    public OnnxExportTests() => TorchRuntime.Initialise(threads: 1);

    [Theory]
    [InlineData(SessionGraphLayout.EdgeList)]
    [InlineData(SessionGraphLayout.Dense)]
    public void Candidate_graph_matches_torchsharp_on_1000_sessions(SessionGraphLayout layout)
    {
        torch.manual_seed(11);
        using var model = new SrGnn(Items, Hidden, steps: 2);
        model.eval();
        using var generator = OnnxCandidateGenerator.Create(OnnxExport.CandidateGenerator(model, steps: 2, topK: Top, layout));

        Assert.Equal(layout, generator.Layout);
        Assert.Equal(Items, generator.ItemCount);
        Assert.Equal(Top, generator.Width);
        var compared = 0;
        foreach (var batch in Batches(seed: 3))
        {
            float[] expected;
            using (var noGrad = torch.no_grad())
            using (var input = SessionTensors.From(batch))
            using (var scores = model.forward(input))
            {
                expected = scores.data<float>().ToArray();
            }

            AssertParity(expected, generator.Scores(batch), generator.Generate(batch), batch.BatchSize);
            compared += batch.BatchSize;
        }

        Assert.Equal(1000, compared);
    }

    [Theory]
    [InlineData(SessionGraphLayout.EdgeList)]
    [InlineData(SessionGraphLayout.Dense)]
    public void Ranker_graph_matches_torchsharp_with_present_and_absent_intents(SessionGraphLayout layout)
    {
        torch.manual_seed(12);
        using var model = new DmsRec(Items, Hidden, IntentDimension, projectionDropoutRate: 0.2);
        model.eval();
        using var ranker = OnnxRanker.Create(OnnxExport.Ranker(model, steps: 1, topN: Top, layout));
        var random = new Random(5);

        Assert.Equal(IntentDimension, ranker.IntentDimension);
        var compared = 0;
        foreach (var batch in Batches(seed: 4))
        {
            // About a third of each group is absent: those rows must take the learned "no intent" input.
            var explicitIntents = Intents(random, batch.BatchSize);
            var latentIntents = Intents(random, batch.BatchSize);
            float[] expected;
            using (var noGrad = torch.no_grad())
            using (var input = SessionTensors.From(batch))
            using (var intents = ToTensors(explicitIntents, latentIntents))
            {
                var (scores, alignment) = model.forward(input, intents);
                using (scores)
                using (alignment)
                {
                    expected = scores.data<float>().ToArray();
                }
            }

            AssertParity(expected, ranker.Scores(batch, explicitIntents, latentIntents), ranker.Rank(batch, explicitIntents, latentIntents), batch.BatchSize);
            compared += batch.BatchSize;
        }

        Assert.Equal(1000, compared);
    }

    [Fact]
    public void Present_intents_change_the_scores_of_the_no_intent_answer()
    {
        torch.manual_seed(13);
        using var model = new DmsRec(Items, Hidden, IntentDimension, projectionDropoutRate: 0.2);
        model.eval();
        using var ranker = OnnxRanker.Create(OnnxExport.Ranker(model, steps: 1, topN: Top));
        var batch = Batches(seed: 6).First(b => b.BatchSize > 1);
        var none = new float[]?[batch.BatchSize];
        var some = Intents(new Random(1), batch.BatchSize, absentRate: 0);

        var withoutIntents = ranker.Scores(batch, none, none);
        var withIntents = ranker.Scores(batch, some, some);

        Assert.True(MaxDifference(withoutIntents, withIntents) > 1e-3f);
        Assert.Equal(Top, ranker.Rank(batch, none, none).Width);
    }

    [Fact]
    public void Top_k_is_capped_at_the_item_count()
    {
        torch.manual_seed(14);
        using var model = new SrGnn(itemCount: 9, hidden: 4);
        using var generator = OnnxCandidateGenerator.Create(OnnxExport.CandidateGenerator(model, steps: 1, topK: 50));
        var graph = new SessionGraphBuilder().Build([3, 9, 3]);

        var top = generator.Generate(SessionGraphBatch.Pack([graph], generator.Layout));

        Assert.Equal(9, top.Width);
        Assert.Equal(Enumerable.Range(1, 9), top.ItemsOf(0).ToArray().Order());
    }

    [Fact]
    public void Edge_list_graph_handles_a_batch_without_edges()
    {
        torch.manual_seed(15);
        using var model = new SrGnn(itemCount: 9, hidden: 4);
        model.eval();
        using var generator = OnnxCandidateGenerator.Create(OnnxExport.CandidateGenerator(model, steps: 1, topK: 5));
        var builder = new SessionGraphBuilder();
        var batch = SessionGraphBatch.Pack([builder.Build([3]), builder.Build([7])], SessionGraphLayout.Both);
        float[] expected;
        using (var noGrad = torch.no_grad())
        using (var input = SessionTensors.From(batch))
        using (var scores = model.forward(input))
        {
            expected = scores.data<float>().ToArray();
        }

        Assert.Empty(batch.EdgeFrom);
        Assert.True(MaxDifference(expected, generator.Scores(batch)) <= Tolerance);
    }

    [Fact]
    public void A_batch_in_the_other_layout_is_a_clear_error()
    {
        using var model = new SrGnn(itemCount: 9, hidden: 4);
        using var generator = OnnxCandidateGenerator.Create(OnnxExport.CandidateGenerator(model, steps: 1, topK: 5, SessionGraphLayout.Dense));
        var batch = SessionGraphBatch.Pack([new SessionGraphBuilder().Build([3, 4])], SessionGraphLayout.EdgeList);

        var error = Assert.Throws<ArgumentException>(() => generator.Generate(batch));
        Assert.Contains("Dense", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<SessionGraphBatch> Batches(int seed)
    {
        var builder = new SessionGraphBuilder();
        var samples = ToyData.Random(Items, 1000, seed);
        var start = 0;
        foreach (var size in BatchSizes)
        {
            var graphs = samples.Skip(start).Take(size).Select(s => builder.Build(s.Items)).ToList();
            start += size;
            yield return SessionGraphBatch.Pack(graphs, SessionGraphLayout.Both);
        }
    }

    private static float[]?[] Intents(Random random, int count, double absentRate = 0.33)
    {
        var vectors = new float[]?[count];
        for (var i = 0; i < count; i++)
        {
            if (random.NextDouble() >= absentRate)
            {
                vectors[i] = Enumerable.Range(0, IntentDimension).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
            }
        }

        return vectors;
    }

    private static IntentTensors ToTensors(float[]?[] explicitIntents, float[]?[] latentIntents)
    {
        var count = explicitIntents.Length;
        var explicitData = new float[count * IntentDimension];
        var latentData = new float[count * IntentDimension];
        var hasExplicit = new float[count];
        var hasLatent = new float[count];
        for (var i = 0; i < count; i++)
        {
            if (explicitIntents[i] is { } e)
            {
                e.CopyTo(explicitData, i * IntentDimension);
                hasExplicit[i] = 1;
            }
            else
            {
                // Garbage where absent: the presence flag alone must decide.
                Array.Fill(explicitData, 7f, i * IntentDimension, IntentDimension);
            }

            if (latentIntents[i] is { } l)
            {
                l.CopyTo(latentData, i * IntentDimension);
                hasLatent[i] = 1;
            }
        }

        return new IntentTensors(explicitData, latentData, hasExplicit, hasLatent, count, IntentDimension);
    }

    private static void AssertParity(float[] expected, float[] actual, TopItems top, int batchSize)
    {
        Assert.Equal(expected.Length, actual.Length);
        var difference = MaxDifference(expected, actual);
        Assert.True(difference <= Tolerance, $"max abs score difference {difference}");
        Assert.Equal(batchSize, top.BatchSize);
        for (var row = 0; row < batchSize; row++)
        {
            var expectedTop = expected.AsSpan(row * Items, Items).ToArray()
                .Select((score, column) => (score, item: column + 1))
                .OrderByDescending(p => p.score).ThenBy(p => p.item)
                .Take(Top).Select(p => p.item).ToArray();
            Assert.Equal(expectedTop, top.ItemsOf(row).ToArray());
            for (var j = 0; j < Top; j++)
            {
                Assert.Equal(actual[(row * Items) + top.ItemsOf(row)[j] - 1], top.ScoresOf(row)[j]);
            }
        }
    }

    private static float MaxDifference(float[] a, float[] b)
    {
        var max = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }
}
