using Microsoft.Extensions.Logging.Abstractions;
using Streaming.Core.Datasets.PaperSplits;
using Streaming.Core.Intents;
using Streaming.IntentWorker.Batch;
using Streaming.Serving.Embeddings;
using Streaming.IntentWorker.Grounding;
using Streaming.IntentWorker.Prompting;
using Streaming.IntentWorker.Providers;

namespace Streaming.IntentWorker.Tests;

/// <summary>The batch path on a generated paper-split directory: vectors per sample, in order, resumable.</summary>
public sealed class IntentPrecomputeTests(EncoderFixture fixture)
{
    [Fact]
    public async Task Writes_one_record_per_sample_and_resumes_where_it_stopped()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = Directory.CreateTempSubdirectory("split-").FullName;
        try
        {
            var split = PaperSplit.DirectoryOf(root, "toy");
            Directory.CreateDirectory(split);
            // Items 1-4 are skin care, 5-6 electronics (titles made up for the test).
            string[] titles = ["Hydrating Day Cream", "Night Repair Cream", "Gentle Face Cleanser", "Face Serum Vitamin C", "Car Phone Holder", "USB Phone Cable"];
            await File.WriteAllLinesAsync(Path.Combine(split, PaperSplit.StatsFile), ["items\t6"], ct);
            await File.WriteAllLinesAsync(Path.Combine(split, PaperSplit.TrainFile), ["1\t2"], ct);
            await File.WriteAllLinesAsync(Path.Combine(split, PaperSplit.ItemMapFile),
                ["paper_id\tasin\ttitle", .. titles.Select((t, i) => $"{i + 1}\tB{i + 1:000}\t{t}")], ct);
            await File.WriteAllLinesAsync(Path.Combine(split, "test.tsv"), ["1 3\t2", "5\t6", "2 1\t4", "4\t1", "6 5\t1"], ct);
            await File.WriteAllLinesAsync(Path.Combine(split, PaperSplit.CandidatesFile), ["2 4 5 1", "6 1", "4 6 3", "1 2", "3 4"], ct);

            var paper = PaperSplit.Load(root, "toy");
            var catalog = PaperCatalog.Build(paper.Items!, null);
            var sessions = paper.Test.Select(s => s.Items).ToList();
            var candidates = paper.TestCandidates!.ToList();
            var metrics = new IntentMetrics(new TestMeterFactory());
            var inference = new IntentInference(
                new CatalogHeuristicProvider(), PromptTemplate.V1, new IntentGrounder(new GroundingOptions()),
                new IntentVectorizer(fixture.Encoder, TitleVectorCache.Build(catalog, fixture.Encoder, null, null, ct), new GroundingOptions()),
                null, RequestAllowance.Unlimited, new CircuitBreaker(5, TimeSpan.FromSeconds(1), TimeProvider.System), metrics, NullLogger.Instance);
            var output = Path.Combine(root, "intents.int");

            var first = await new IntentPrecompute(inference, catalog, 2).RunAsync(sessions.GetRange(0, 3), candidates.GetRange(0, 3), output, null, ct);
            var all = await new IntentPrecompute(inference, catalog, 2).RunAsync(sessions, candidates, output, null, ct);

            Assert.Equal(0, first.Resumed);
            Assert.Equal(3, all.Resumed);
            var (dimension, records) = IntentVectorFile.Read(output);
            Assert.Equal("1", catalog[catalog.IndexOf("1")].ExternalId);
            Assert.Equal(384, dimension);
            Assert.Equal(5, records.Count);
            // Sample 0: session {1,3}, candidates 2 4 5 1: explicit "Hydrating Day Cream" (1), latent skin care (2, 4).
            Assert.Equal(IntentGroups.Explicit | IntentGroups.Latent, records[0].Groups);
            Assert.True(VectorMath.Cosine(records[0].Explicit, fixture.Encoder.Encode(titles[0])) > 0.9999f);
            // Sample 1: session {5}, candidates 6 1: "USB Phone Cable" shares "phone" with the session; nothing explicit,
            // so the explicit vector is the latent one (the paper's rule).
            Assert.Equal(IntentGroups.Latent, records[1].Groups);
            Assert.Equal(records[1].Latent, records[1].Explicit);
            Assert.True(VectorMath.Cosine(records[1].Latent, fixture.Encoder.Encode(titles[5])) > 0.9999f);
            Assert.All(records, r => Assert.Equal(384, r.Explicit.Length));
            Assert.Equal(sessions.Count, records.Count);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
