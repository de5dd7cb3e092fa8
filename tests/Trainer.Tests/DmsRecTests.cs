using Streaming.Core.Datasets.PaperSplits;
using Streaming.Trainer.Models;
using Streaming.Trainer.Native;
using Streaming.Trainer.Training;
using TorchSharp;

namespace Streaming.Trainer.Tests;

[Collection(LibTorchCollection.Name)]
public sealed class DmsRecTests
{
    public DmsRecTests() => TorchRuntime.Initialise(threads: 1);

    [Fact]
    public void Fused_model_shares_the_encoder_but_not_SR_GNN_s_hybrid_head()
    {
        using var srgnn = new SrGnn(itemCount: 10, hidden: 4);
        using var dmsrec = new DmsRec(itemCount: 10, hidden: 4, intentDimension: 6, projectionDropoutRate: 0.2);
        var encoderPrefix = ParameterNames.Encoder + ".";

        var srgnnNames = srgnn.state_dict().Keys.ToArray();
        var dmsrecNames = dmsrec.state_dict().Keys.ToArray();

        Assert.Equal(
            srgnnNames.Where(name => name.StartsWith(encoderPrefix, StringComparison.Ordinal)),
            dmsrecNames.Where(name => name.StartsWith(encoderPrefix, StringComparison.Ordinal)));
        Assert.Contains(ParameterNames.Path(ParameterNames.Hybrid, ParameterNames.Weight), srgnnNames);
        Assert.DoesNotContain(dmsrecNames, name => name.StartsWith(ParameterNames.Hybrid, StringComparison.Ordinal));
        Assert.Contains(ParameterNames.Path(ParameterNames.Fusion, ParameterNames.Weight), dmsrecNames);
        Assert.Contains(ParameterNames.NoIntent, dmsrecNames);
        Assert.Contains(ParameterNames.Path(ParameterNames.Encoder, ParameterNames.Embedding, ParameterNames.Weight), dmsrecNames);
    }

    [Fact]
    public void Alignment_is_KL_of_the_session_distribution_to_the_intent_distribution()
    {
        // P_s = softmax(0, 0) = (1/2, 1/2); Q = softmax(ln 1, ln 3) = (1/4, 3/4).
        // KL(P || Q) = 1/2 ln 2 + 1/2 ln(2/3) = 1/2 ln(4/3); the reverse direction would give 0.1308.
        using var global = torch.zeros(1, 2);
        using var intent = torch.tensor(new[] { 0f, MathF.Log(3) }, [1, 2]);
        using var present = torch.ones(1, 1);
        using var absent = torch.zeros(1, 1);

        using var both = DmsRec.Alignment(global, intent, intent, present, present);
        using var explicitOnly = DmsRec.Alignment(global, intent, intent, present, absent);
        using var none = DmsRec.Alignment(global, intent, intent, absent, absent);

        Assert.Equal(0.5 * Math.Log(4.0 / 3), explicitOnly.item<float>(), 5);
        Assert.Equal(Math.Log(4.0 / 3), both.item<float>(), 5);
        Assert.Equal(0, none.item<float>(), 6);
    }

    [Fact]
    public void Alignment_divides_the_sum_by_the_batch_size()
    {
        using var global = torch.zeros(2, 2);
        using var intent = torch.tensor(new[] { 0f, MathF.Log(3), 0f, 0f }, [2, 2]);
        using var present = torch.ones(2, 1);
        using var absent = torch.zeros(2, 1);

        using var alignment = DmsRec.Alignment(global, intent, intent, present, absent);

        // Row 2 has Q = P, so KL 0: the mean over 2 rows is half of row 1's KL.
        Assert.Equal(0.5 * 0.5 * Math.Log(4.0 / 3), alignment.item<float>(), 5);
    }

    [Fact]
    public void InfoNce_rewards_each_session_for_its_own_intent()
    {
        using var global = torch.tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using var same = torch.tensor(new float[] { 2, 0, 0, 3 }, [2, 2]);
        using var swapped = torch.tensor(new float[] { 0, 3, 2, 0 }, [2, 2]);
        using var present = torch.ones(2, 1);
        using var firstOnly = torch.tensor(new float[] { 1, 0 }, [2, 1]);

        using var matched = DmsRec.InfoNce(global, same, present, temperature: 0.1);
        using var mismatched = DmsRec.InfoNce(global, swapped, present, temperature: 0.1);
        using var half = DmsRec.InfoNce(global, swapped, firstOnly, temperature: 0.1);

        // Cosine logits 10 vs 0: -log(e^10 / (e^10 + 1)) = log(1 + e^-10); swapped: log(1 + e^10).
        Assert.Equal(Math.Log(1 + Math.Exp(-10)), matched.item<float>(), 5);
        Assert.Equal(Math.Log(1 + Math.Exp(10)), mismatched.item<float>(), 4);
        Assert.Equal(Math.Log(1 + Math.Exp(10)) / 2, half.item<float>(), 4);
    }

    [Theory]
    [InlineData(IntentAlignment.KlDivergence)]
    [InlineData(IntentAlignment.InfoNce)]
    public void Forward_gives_scores_and_a_finite_alignment_with_and_without_intents(IntentAlignment alignment)
    {
        torch.manual_seed(2);
        using var model = new DmsRec(itemCount: 15, hidden: 8, intentDimension: 6, projectionDropoutRate: 0.2, alignment: alignment);
        var samples = ToyData.Random(items: 15, count: 4, seed: 1);
        var builder = new Core.Graph.SessionGraphBuilder();
        using var sessions = SessionTensors.From(Core.Graph.SessionGraphBatch.Pack(samples.Select(s => builder.Build(s.Items)).ToList()));
        using var intents = new IntentTensors(new float[24], new float[24], [1, 0, 1, 0], [0, 0, 1, 1], 4, 6);

        var (scores, loss) = model.forward(sessions, intents);

        Assert.Equal([4L, 15L], scores.shape);
        Assert.True(float.IsFinite(loss.item<float>()) && loss.item<float>() >= 0);
        scores.Dispose();
        loss.Dispose();
    }

    [Fact]
    public void Fusion_learns_from_intents_that_carry_the_target_and_not_from_noise()
    {
        // Targets are random, so the session alone predicts nothing; the signal's latent vector names the target's group.
        var train = ToyData.Random(items: 40, count: 600, seed: 11);
        var test = ToyData.Random(items: 40, count: 200, seed: 12);
        var signalTrain = SyntheticIntents.Signal(train, 40, dimension: 12, groups: 40, noise: 0.05, seed: 3);
        var signalTest = SyntheticIntents.Signal(test, 40, dimension: 12, groups: 40, noise: 0.05, seed: 3);

        var signal = Train(train, test, signalTrain, signalTest, out var withoutIntents);
        var noise = Train(train, test, SyntheticIntents.Noise(train.Count, 12, seed: 5), SyntheticIntents.Noise(test.Count, 12, seed: 6), out _);

        // Chance HR@5 over 40 items is 12.5%.
        Assert.True(signal > 60, $"signal HR@5 {signal}");
        Assert.True(noise < 30, $"noise HR@5 {noise}");
        Assert.True(withoutIntents < 30, $"no-intent HR@5 {withoutIntents}");
    }

    private static double Train(List<PaperSample> train, List<PaperSample> test, IntentSet trainIntents, IntentSet testIntents, out double withoutIntents)
    {
        var options = new TrainingOptions { Hidden = 16, BatchSize = 25, LearningRate = 0.01, Epochs = 8, Threads = 1, ValidationFraction = 0, Seed = 4, LearningRateDecayEvery = 100 };
        var (report, model) = new RecommenderTrainer(options).Train(
            "toy",
            () => new DmsRecRecommender(new DmsRec(40, 16, 12, projectionDropoutRate: 0.1), trainIntents, testIntents, sigma: 0.3, missingIntentRate: 0.2, seed: 1),
            train,
            test,
            progress: null,
            TestContext.Current.CancellationToken);
        using (model)
        {
            Assert.Equal("dmsrec", report.Model);
            var recommender = (DmsRecRecommender)model;
            recommender.EvaluateWithoutIntents = true;
            var plain = RankingEvaluator.Evaluate(
                recommender, test, SampleSet.Test, [.. Enumerable.Range(0, test.Count)], new Core.Graph.SessionGraphBuilder(), 100, TestContext.Current.CancellationToken);
            withoutIntents = 100 * plain.HitRate(5);
            return report.Epochs[^1].Test["HR@5"];
        }
    }
}
