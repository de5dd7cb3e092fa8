namespace Streaming.Trainer.Training;

/// <summary>Settings of the fused LLM-DMsRec model on top of <see cref="TrainingOptions"/>.</summary>
public sealed class DmsRecOptions
{
    /// <summary>Dimension of the intent vectors (384 for all-MiniLM-L6-v2).</summary>
    public int IntentDimension { get; set; } = 384;

    /// <summary>Dropout before the shared projection (the paper's intent dropout).</summary>
    public double ProjectionDropout { get; set; } = 0.2;

    /// <summary>Weight of the KL alignment term (0.3 with TAGNN, 0.7 with GCE-GNN in the released code).</summary>
    public double Sigma { get; set; } = 0.3;

    /// <summary>Probability of hiding each intent group of a training sample, to train the "no intent" input.</summary>
    public double MissingIntentRate { get; set; } = 0.2;

    /// <summary>"kl" (the paper's) or "infonce" (ablation).</summary>
    public string Alignment { get; set; } = "kl";

    /// <summary>"signal" (leaks the target's group: a wiring test, never a result) or "noise"; used only without intent files.</summary>
    public string SyntheticIntents { get; set; } = "noise";

    /// <summary>Precomputed intent vectors of the train samples (<c>streaming intents precompute --samples train</c>); null: synthetic.</summary>
    public string? IntentsTrainPath { get; set; }

    /// <summary>Precomputed intent vectors of the test samples; required with <see cref="IntentsTrainPath"/>.</summary>
    public string? IntentsTestPath { get; set; }

    /// <summary>
    /// An intent group a sample did not have: "learned" (default: the model's learned "no intent" input) or "copy"
    /// (the paper's rule: the other group's vector, as the precompute file stores it).
    /// </summary>
    public string EmptyIntentGroup { get; set; } = "learned";

    public bool UsesIntentFiles => IntentsTrainPath is not null || IntentsTestPath is not null;

    public void Validate()
    {
        if (IntentDimension < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(IntentDimension), IntentDimension, "Intent dimension must be at least 1.");
        }

        if (ProjectionDropout is < 0 or >= 1 || MissingIntentRate is < 0 or > 1 || Sigma < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ProjectionDropout), "Dropout must be in [0, 1), the missing-intent rate in [0, 1], sigma non-negative.");
        }

        if (Alignment is not ("kl" or "infonce"))
        {
            throw new ArgumentOutOfRangeException(nameof(Alignment), Alignment, "Alignment must be 'kl' or 'infonce'.");
        }

        if ((IntentsTrainPath is null) != (IntentsTestPath is null))
        {
            throw new ArgumentException("Pass both intent files (train and test) or neither.", nameof(IntentsTestPath));
        }

        if (EmptyIntentGroup is not ("learned" or "copy"))
        {
            throw new ArgumentOutOfRangeException(nameof(EmptyIntentGroup), EmptyIntentGroup, "The empty-group rule must be 'learned' or 'copy'.");
        }

        if (SyntheticIntents is not ("signal" or "noise"))
        {
            throw new ArgumentOutOfRangeException(nameof(SyntheticIntents), SyntheticIntents, "Synthetic intents must be 'signal' or 'noise'.");
        }
    }
}
