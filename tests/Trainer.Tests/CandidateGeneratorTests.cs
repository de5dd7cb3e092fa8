using Streaming.Core.Datasets.PaperSplits;
using Streaming.Core.Graph;
using Streaming.Trainer.Models;
using Streaming.Trainer.Native;
using Streaming.Trainer.Training;
using TorchSharp;

namespace Streaming.Trainer.Tests;

[Collection(LibTorchCollection.Name)]
public sealed class CandidateGeneratorTests
{
    [Fact]
    public void Lists_are_the_top_k_item_ids_best_first_and_round_trip_through_the_reader()
    {
        TorchRuntime.Initialise(threads: 1);
        torch.manual_seed(3);
        using var model = new SrGnn(itemCount: 20, hidden: 8);
        var samples = ToyData.Random(items: 20, count: 7, seed: 8);

        var (lists, rate) = CandidateGenerator.Generate(model, samples, k: 5, batchSize: 3, TestContext.Current.CancellationToken);

        Assert.True(rate > 0);
        Assert.Equal(7, lists.Count);
        using var input = SessionTensors.From(SessionGraphBatch.Pack([new SessionGraphBuilder().Build(samples[4].Items)]));
        using var noGrad = torch.no_grad();
        var scores = model.forward(input).data<float>().ToArray();
        var expected = Enumerable.Range(1, 20).OrderByDescending(id => scores[id - 1]).Take(5).ToArray();
        Assert.Equal(expected, lists[4]);

        var text = new StringWriter();
        CandidateGenerator.Write(lists, text);
        var back = PaperSplitReader.ReadCandidates(new StringReader(text.ToString()), "candidates.tsv", itemCount: 20);
        Assert.Equal(lists, back);
    }
}
