using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Streaming.Core.Catalog;
using Streaming.Core.Contracts;
using Streaming.Core.Models;
using Streaming.Serving;
using Streaming.Serving.Embeddings;
using Streaming.Trainer.Retraining;

namespace Streaming.Trainer.Tests;

/// <summary>
/// Items first clicked in the newest part of the log (after the gated model's training period) are folded in by the
/// refit after the gate: the published version names them and its graphs can recommend them.
/// </summary>
[Collection(LibTorchCollection.Name)]
public sealed class RefitTests : IDisposable
{
    private const string NewItem = "i99";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "refit-round-" + Guid.NewGuid().ToString("N"));

    public RefitTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_new_item_clicked_in_the_holdout_period_is_servable_after_the_round()
    {
        var clicks = WithNewItemAtTheEnd();

        var result = Round(refit: true, "refit").Run(1, FusedRetrainingTests.Interactions(clicks), IntentSnapshot.From(FusedRetrainingTests.IntentsOfEvenSessions(clicks)), TestContext.Current.CancellationToken);

        Assert.True(result.Outcome == RoundOutcome.Published, $"{result.Outcome} {result.Reason}");
        Assert.Equal(1, result.Refit!.ItemsAdded);
        Assert.Equal(13, result.Refit.Items);
        var version = result.Published!;
        Assert.Equal(1, version.Manifest.Metrics["refit.items-added"]);
        Assert.Equal("true", version.Manifest.HyperParameters["refit"]);
        // The refit was fitted on the holdout too, and its data window says so: the next gate leaves those samples out.
        Assert.Equal(clicks.Max(c => c.Timestamp), version.Manifest.DataWindow.To);
        Assert.Empty(version.Verify());
        // Both served graphs (through ONNX Runtime, as serving runs them) name the new item after the click that leads to it.
        Assert.Equal(100, NewItemHitRate(version));
    }

    [Fact]
    public void Without_the_refit_the_new_item_waits_for_a_later_round()
    {
        var clicks = WithNewItemAtTheEnd();

        var result = Round(refit: false, "gated").Run(1, FusedRetrainingTests.Interactions(clicks), IntentSnapshot.From(FusedRetrainingTests.IntentsOfEvenSessions(clicks)), TestContext.Current.CancellationToken);

        Assert.True(result.Outcome == RoundOutcome.Published, $"{result.Outcome} {result.Reason}");
        Assert.Null(result.Refit);
        Assert.Equal(ItemCatalog.PaddingIndex, ItemCatalog.Load(result.Published!.CatalogPath).IndexOf(NewItem));
        Assert.Equal(0, NewItemHitRate(result.Published));
    }

    // HR@20 of the candidate graph and of the fused ranker (no intents) on "after i05 comes the new item": the catalog
    // has 13 items, so any graph that knows the item lists it in its top 20, and one that does not never can.
    private static double NewItemHitRate(ModelVersion version)
    {
        var ct = TestContext.Current.CancellationToken;
        var catalog = ItemCatalog.Load(version.CatalogPath);
        HoldoutSample[] samples = [new(["i04", "i05"], NewItem)];
        using var generator = OnnxCandidateGenerator.Load(version.CandidateGraphPath, new OnnxSessionOptions { IntraOpThreads = 1 });
        using var ranker = OnnxRanker.Load(version.RankerGraphPath, new OnnxSessionOptions { IntraOpThreads = 1 });
        var candidates = HoldoutEvaluator.Evaluate(generator, catalog, samples, 10, ct)["HR@20"];
        var ranked = HoldoutEvaluator.Evaluate(ranker, catalog, samples, Training.IntentSet.None(ranker.IntentDimension, 1), 10, ct)["HR@20"];
        Assert.Equal(candidates, ranked);
        return candidates;
    }

    // The successor streams of the other tests, then 12 later sessions in which a new item follows i05: all of them in
    // the holdout period (the latest 10 % of 172 sessions by end time).
    private static List<ClickEvent> WithNewItemAtTheEnd()
    {
        var clicks = StreamClicks.Successor(sessions: 160, items: 12, seed: 31);
        var last = clicks.Max(c => c.Timestamp);
        for (var s = 0; s < 12; s++)
        {
            var session = "s" + (1000 + s).ToString(System.Globalization.CultureInfo.InvariantCulture);
            string[] items = ["i04", "i05", NewItem];
            for (var k = 0; k < items.Length; k++)
            {
                clicks.Add(new ClickEvent(session, items[k], last.AddMinutes(s + 1).AddSeconds(k), EventId: $"n{s}-{k}"));
            }
        }

        return clicks;
    }

    private RetrainingRound Round(bool refit, string name)
    {
        var catalogPath = Path.Combine(_root, "titles.tsv");
        if (!File.Exists(catalogPath))
        {
            FusedRetrainingTests.WriteTitleCatalog(catalogPath);
        }

        var options = Options.Create(new TrainerOptions
        {
            RegistryPath = Path.Combine(_root, name), Epochs = 1, Hidden = 16, Threads = 1, TopK = 20, Refit = refit,
            IntentCatalogPath = catalogPath, TitleCacheDirectory = Path.Combine(_root, "title-cache"),
        });
        return new RetrainingRound(options, new IntentEncodingProvider(options, Options.Create(new EncoderOptions())), NullLogger<RetrainingRound>.Instance);
    }
}
