namespace Streaming.Core.Models;

/// <summary>
/// <c>manifest.json</c> of a published model version: what was trained (model, dataset, sizes,
/// hyper-parameters), on which data, how well it did (metrics, percent on test), the files of the
/// version with their hashes, and a content hash over all of them.
/// </summary>
/// <remarks>
/// <c>version</c> is the directory name (<c>v000001</c> and up); <c>model</c> is <c>srgnn</c> (candidate
/// generator only) or <c>dmsrec</c> (with the fused ranker); <c>candidateGraph</c>/<c>rankerGraph</c> name
/// the graph files (null when absent); <c>topK</c> is K of the graphs' top-K outputs;
/// <c>intentDimension</c> is the ranker's intent size (null without a ranker); <c>contentHash</c> is
/// SHA-256 over the sorted <c>name:sha256</c> lines of <c>files</c>.
/// </remarks>
public sealed record ModelVersionManifest(
    string Version,
    DateTimeOffset CreatedUtc,
    string Model,
    string Dataset,
    int ItemCount,
    int Hidden,
    int Steps,
    int TopK,
    int? IntentDimension,
    string? CandidateGraph,
    string? RankerGraph,
    string Catalog,
    DataWindow DataWindow,
    IReadOnlyDictionary<string, string> HyperParameters,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<ModelFile> Files,
    string ContentHash)
{
    public const string FileName = "manifest.json";
}
