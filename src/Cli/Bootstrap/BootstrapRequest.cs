using Streaming.Core.Catalog;

namespace Streaming.Cli.Bootstrap;

/// <summary>
/// What the <c>up</c> bootstrap trains on and how: a paper-format split under <see cref="DataRoot"/> (the synthetic one
/// written there, or a real dataset's), the source items' metadata (categories/genres, brands; keyed by source id), the
/// intent provider the fused model learns from, and the training sizes.
/// </summary>
internal sealed record BootstrapRequest(
    string Dataset,
    string DataRoot,
    IReadOnlyDictionary<string, ItemMetadata>? Metadata,
    string IntentProvider,
    int SrGnnEpochs,
    int DmsRecEpochs,
    int Seed,
    int Threads,
    int TopK);
