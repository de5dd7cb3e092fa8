using Streaming.Core.Catalog;
using Streaming.Core.Models;
using Streaming.Trainer.Models;

namespace Streaming.Trainer.Registry;

/// <summary>
/// Everything one registry version is made of: the trained SR-GNN (exported as the candidate graph),
/// optionally the fused LLM-DMsRec model (exported as the ranker graph), the item catalog, and what
/// the manifest records about the run.
/// </summary>
public sealed class ModelPublication
{
    public required string Dataset { get; init; }

    public required ItemCatalog Catalog { get; init; }

    public required DataWindow DataWindow { get; init; }

    public required SrGnn CandidateModel { get; init; }

    /// <summary>Gated graph steps of both models (not readable from the modules).</summary>
    public int Steps { get; init; } = 1;

    /// <summary>K of the candidate lists and N of the ranker's lists.</summary>
    public int TopK { get; init; } = 100;

    public DmsRec? Ranker { get; init; }

    public IReadOnlyDictionary<string, string> HyperParameters { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>More files to carry (name in the version -> source path), e.g. the TorchSharp weights or metrics.json.</summary>
    public IReadOnlyDictionary<string, string> ExtraFiles { get; init; } = new Dictionary<string, string>();
}
