using System.Text.Json.Nodes;
using Streaming.Core.Catalog;
using Streaming.Serving.Embeddings;

namespace Streaming.IntentWorker.Tests;

public sealed class SentenceEncoderTests(EncoderFixture fixture)
{
    [Fact]
    public void Vectors_match_the_packages_own_embedding()
    {
        // Computed by the package's own SentenceEncoder in a separate process (see MiniLmReference/README.md).
        var reference = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "minilm-reference.json")))!;
        var sentences = reference["sentences"]!.AsArray().Select(s => (string)s!).ToArray();
        var expected = reference["vectors"]!.AsArray().Select(v => v!.AsArray().Select(x => (float)x!).ToArray()).ToArray();

        var packageUnknowns = reference["unknownTokens"]!.AsArray().Select(u => (int)u!).ToArray();
        var actual = fixture.Encoder.Encode(sentences);
        var compared = 0;

        Assert.Equal(sentences.Length, actual.Length);
        for (var i = 0; i < sentences.Length; i++)
        {
            if (packageUnknowns[i] > 0)
            {
                // The package's own tokenizer turns words that BERT's WordPiece splits (accented letters, "x4") into
                // [UNK], so its vector is not all-MiniLM-L6-v2's there (cosine 0.93 and 0.80 with ours); FastBertTokenizer
                // follows BERT. Accented_letters_are_stripped_as_in_BERT_uncased covers that case.
                continue;
            }

            compared++;

            Assert.Equal(384, actual[i].Length);
            var cosine = VectorMath.Cosine(actual[i], expected[i]);
            Assert.True(cosine >= 0.999f, $"'{sentences[i]}': cosine {cosine} with the package's vector");
        }

        Assert.True(compared >= sentences.Length - 2, $"only {compared} of {sentences.Length} sentences compared");
    }

    [Fact]
    public void Accented_letters_are_stripped_as_in_BERT_uncased()
    {
        var vectors = fixture.Encoder.Encode(["Crème brûlée scented body lotion", "creme brulee scented body lotion", "car battery charger"]);

        var same = VectorMath.Cosine(vectors[0], vectors[1]);
        var other = VectorMath.Cosine(vectors[0], vectors[2]);
        Assert.True(same > 0.9999f && other < 0.5f, $"accented vs plain {same}, vs another topic {other}");
    }

    [Fact]
    public void Vectors_are_unit_length_and_tell_topics_apart()
    {
        var vectors = fixture.Encoder.Encode(["red lipstick", "crimson lip colour", "car battery charger"]);

        Assert.All(vectors, v => Assert.InRange(System.Numerics.Tensors.TensorPrimitives.Norm(v), 0.999f, 1.001f));
        Assert.True(VectorMath.Cosine(vectors[0], vectors[1]) > VectorMath.Cosine(vectors[0], vectors[2]) + 0.2f);
    }

    [Fact]
    public void Asking_for_CUDA_without_a_GPU_falls_back_to_the_CPU_provider()
    {
        using var encoder = SentenceEncoder.Create(new EncoderOptions { UseCuda = true });

        if (encoder.ExecutionProvider == "cuda")
        {
            Assert.Skip("a CUDA GPU is available here; the fallback cannot be observed");
        }

        Assert.StartsWith("cpu", encoder.ExecutionProvider, StringComparison.Ordinal);
        Assert.True(VectorMath.Cosine(encoder.Encode("vitamin c serum"), fixture.Encoder.Encode("vitamin c serum")) > 0.99999f);
    }

    [Fact]
    public void Texts_longer_than_the_token_limit_are_truncated_not_rejected()
    {
        var longText = string.Join(' ', Enumerable.Repeat("moisturizing cream with shea butter", 200));

        var vector = fixture.Encoder.Encode(longText);

        Assert.InRange(System.Numerics.Tensors.TensorPrimitives.Norm(vector), 0.999f, 1.001f);
        Assert.True(VectorMath.Cosine(vector, fixture.Encoder.Encode("moisturizing cream with shea butter")) > 0.5f);
    }

    [Fact]
    public void Batching_and_padding_do_not_change_a_vector()
    {
        var alone = fixture.Encoder.Encode("vitamin c serum");
        var batched = fixture.Encoder.Encode(["a much longer title that forces padding of the shorter one in the batch", "vitamin c serum"])[1];

        Assert.True(VectorMath.Cosine(alone, batched) > 0.99999f);
    }

    [Fact]
    public void The_title_cache_gives_the_vectors_of_encoding_afresh_and_survives_a_restart()
    {
        var catalog = GeneratedCatalog(40);
        var directory = Path.Combine(Path.GetTempPath(), "tvc-" + Guid.NewGuid().ToString("N"));
        try
        {
            var built = TitleVectorCache.Build(catalog, fixture.Encoder, directory, null, TestContext.Current.CancellationToken);
            var reloaded = TitleVectorCache.Build(catalog, fixture.Encoder, directory, null, TestContext.Current.CancellationToken);

            Assert.Equal(catalog.Count - 1, built.Count); // one item has no title
            Assert.Single(Directory.GetFiles(directory, "titles-*.f32"));
            foreach (var item in catalog.Items.Where(i => i.Title is not null))
            {
                var fresh = fixture.Encoder.Encode(item.Title!);
                Assert.True(built.TryGet(item.ExternalId, out var cached));
                Assert.True(VectorMath.Cosine(fresh, cached.Span) > 0.99999f, item.Title);
                Assert.True(reloaded.TryGet(item.ExternalId, out var again));
                Assert.Equal(cached.ToArray(), again.ToArray());
            }

            Assert.False(built.TryGet("no-title", out _));
            var changed = TitleVectorCache.Build(GeneratedCatalog(41), fixture.Encoder, directory, null, TestContext.Current.CancellationToken);
            Assert.NotEqual(built.Fingerprint, changed.Fingerprint);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    internal static ItemCatalog GeneratedCatalog(int count)
    {
        string[] kinds = ["shampoo", "lipstick", "face cream", "nail polish", "perfume", "eyeliner", "sunscreen", "hair dryer"];
        string[] adjectives = ["organic", "matte", "hydrating", "travel size", "luxury", "vegan"];
        var metadata = Enumerable.Range(1, count)
            .Select(i => new ItemMetadata($"i{i:000}", $"{adjectives[i % adjectives.Length]} {kinds[i % kinds.Length]} no. {i}", [kinds[i % kinds.Length]], $"brand{i % 5}"))
            .Append(new ItemMetadata("no-title", null, [], null));
        return ItemCatalog.Build(metadata.Select(m => m.ExternalId), metadata);
    }
}
