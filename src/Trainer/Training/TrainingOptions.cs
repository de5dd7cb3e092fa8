namespace Streaming.Trainer.Training;

/// <summary>
/// Hyper-parameters of a training run (SR-GNN, or the fused model on its SR-GNN backbone); the defaults
/// are the paper's (hidden 100, batch 100, Adam lr 1e-3, L2 1e-5, lr x0.1 every 3 epochs, 30 epochs,
/// patience 10, 1 GNN step).
/// </summary>
public sealed class TrainingOptions
{
    public int Hidden { get; set; } = 100;

    public int Steps { get; set; } = 1;

    public int BatchSize { get; set; } = 100;

    /// <summary>Batch size for scoring validation and test samples (no gradients, so larger is cheaper).</summary>
    public int EvalBatchSize { get; set; } = 500;

    public double LearningRate { get; set; } = 1e-3;

    public double WeightDecay { get; set; } = 1e-5;

    public int LearningRateDecayEvery { get; set; } = 3;

    public double LearningRateDecayFactor { get; set; } = 0.1;

    /// <summary>
    /// False (the default) decays after epochs 3, 6, 9, ...: "x0.1 every 3 epochs", as the paper and the
    /// issue state it. True steps the scheduler at the start of each epoch as the reference code does
    /// under PyTorch >= 1.1 (its step comes before the optimizer's), so its first decay comes after only
    /// 2 epochs; the reference figures were produced that way, and on ML-1M that timing costs about
    /// 1 HR@20 and 0.35 MRR@20 point against the stated one (src/Trainer/README.md).
    /// </summary>
    public bool ReferenceSchedulerTiming { get; set; }

    public int Epochs { get; set; } = 30;

    /// <summary>Stop after this many epochs in a row without a better HR@20 or MRR@20 (on validation if any, else on test as the reference does).</summary>
    public int Patience { get; set; } = 10;

    public int Seed { get; set; } = 2019;

    /// <summary>Intra-op threads for libtorch.</summary>
    public int Threads { get; set; } = 2;

    /// <summary>
    /// Share of the training samples held out (from the end of the file) to select the epoch honestly;
    /// 0 trains on everything and reports only the paper's best-on-test figures.
    /// </summary>
    public double ValidationFraction { get; set; } = 0.1;

    /// <summary>The validation metric that selects the reported epoch: "MRR@20" or "HR@20".</summary>
    public string SelectionMetric { get; set; } = "MRR@20";

    public void Validate()
    {
        static void Positive(int value, string name)
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1.");
            }
        }

        Positive(Hidden, nameof(Hidden));
        Positive(Steps, nameof(Steps));
        Positive(BatchSize, nameof(BatchSize));
        Positive(EvalBatchSize, nameof(EvalBatchSize));
        Positive(LearningRateDecayEvery, nameof(LearningRateDecayEvery));
        Positive(Epochs, nameof(Epochs));
        Positive(Patience, nameof(Patience));
        Positive(Threads, nameof(Threads));
        if (LearningRate <= 0 || WeightDecay < 0 || LearningRateDecayFactor <= 0 || LearningRateDecayFactor > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), "Learning rate must be positive, weight decay non-negative, decay factor in (0, 1].");
        }

        if (ValidationFraction is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "Validation fraction must be in [0, 1).");
        }

        if (SelectionMetric is not ("MRR@20" or "HR@20"))
        {
            throw new ArgumentOutOfRangeException(nameof(SelectionMetric), SelectionMetric, "Selection metric must be MRR@20 or HR@20.");
        }
    }
}
