using Streaming.Core.Catalog;
using Streaming.Core.Datasets.PaperSplits;
using Streaming.Core.Models;

namespace Streaming.Trainer.Training;

/// <summary>
/// What a training run learns from and is judged on, whichever protocol made it: samples with item
/// ids 1..<see cref="ItemCount"/>, the validation share when the protocol chose it itself (the last
/// <see cref="ValidationCount"/> of <see cref="Train"/>; null lets the trainer carve its configured
/// share), the catalog the ids refer to (null for the paper splits, whose ids are their own), and the
/// data window recorded with the model.
/// </summary>
public sealed record TrainingSplit(
    string Dataset,
    string Protocol,
    int ItemCount,
    IReadOnlyList<PaperSample> Train,
    int? ValidationCount,
    IReadOnlyList<PaperSample> Test,
    ItemCatalog? Catalog,
    DataWindow Window)
{
    /// <summary>The temporal protocol's origin of each <see cref="Train"/> sample (null for the paper splits).</summary>
    public IReadOnlyList<SampleOrigin>? TrainOrigins { get; init; }

    /// <summary>The temporal protocol's origin of each <see cref="Test"/> sample (null for the paper splits).</summary>
    public IReadOnlyList<SampleOrigin>? TestOrigins { get; init; }

    /// <summary>The paper's released split: its own ids, validation carved by the trainer.</summary>
    public static TrainingSplit FromPaper(PaperSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        return new TrainingSplit(
            split.Dataset, "paper", split.ItemCount, split.Train, null, split.Test, null, new DataWindow("paper-split:" + split.Dataset, Samples: split.Train.Count));
    }
}
