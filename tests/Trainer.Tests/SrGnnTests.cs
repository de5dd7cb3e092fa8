using Streaming.Core.Graph;
using Streaming.Trainer.Models;
using Streaming.Trainer.Native;
using TorchSharp;

namespace Streaming.Trainer.Tests;

[Collection(LibTorchCollection.Name)]
public sealed class SrGnnTests
{
    public SrGnnTests() => TorchRuntime.Initialise(threads: 1);

    [Fact]
    public void Dense_and_edge_list_layouts_give_the_same_scores()
    {
        torch.manual_seed(5);
        using var model = new SrGnn(itemCount: 30, hidden: 8);
        model.eval();
        var builder = new SessionGraphBuilder();
        var graphs = ToyData.Random(30, 12, seed: 9).Select(s => builder.Build(s.Items)).ToList();

        using var dense = SessionTensors.From(SessionGraphBatch.Pack(graphs, SessionGraphLayout.Dense));
        using var edges = SessionTensors.From(SessionGraphBatch.Pack(graphs, SessionGraphLayout.EdgeList));
        using var noGrad = torch.no_grad();
        using var denseScores = model.forward(dense);
        using var edgeScores = model.forward(edges);

        Assert.Equal([12L, 30L], denseScores.shape);
        using var difference = denseScores.sub(edgeScores).abs().max();
        Assert.True(difference.item<float>() < 1e-5f, $"max difference {difference.item<float>()}");
    }

    [Fact]
    public void Parameters_start_uniform_within_one_over_sqrt_d()
    {
        using var model = new SrGnn(itemCount: 50, hidden: 16);
        var bound = 1.0 / Math.Sqrt(16);

        foreach (var (name, parameter) in model.named_parameters())
        {
            var max = parameter.abs().max().item<float>();
            Assert.True(max <= bound, $"{name}: {max} > {bound}");
        }

        // Embedding 1 + cell 10 (edge maps and gate maps with biases, two message biases) + readout 7:
        // the reference's 20 tensors minus its unused linear_edge_f.
        Assert.Equal(18, model.parameters().Count());
    }

    [Fact]
    public void Scores_exclude_the_padding_row()
    {
        using var model = new SrGnn(itemCount: 7, hidden: 4);
        var graph = new SessionGraphBuilder().Build([3, 7]);
        using var input = SessionTensors.From(SessionGraphBatch.Pack([graph]));
        using var scores = model.forward(input);

        Assert.Equal([1L, 7L], scores.shape);
    }
}
