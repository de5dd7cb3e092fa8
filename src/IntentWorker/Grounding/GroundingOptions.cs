using System.ComponentModel.DataAnnotations;

namespace Streaming.IntentWorker.Grounding;

/// <summary>How answers are grounded (section <c>IntentWorker:Grounding</c>).</summary>
public sealed class GroundingOptions
{
    /// <summary>
    /// 0 = no fuzzy matching (default). Otherwise an intent that matched no title exactly or after normalisation goes to
    /// the candidate whose normalised words overlap it most, when that word-set Jaccard similarity is at least this.
    /// </summary>
    [Range(0.0, 1.0, ErrorMessage = "IntentWorker:Grounding:FuzzyThreshold must be between 0 and 1")]
    public double FuzzyThreshold { get; set; }

    /// <summary>
    /// For a model that is not grounded on purpose: true keeps intents that match no candidate as free-text latent
    /// intents (encoded afresh) instead of dropping them. Off by default: the paper grounds every intent.
    /// </summary>
    public bool KeepFreeText { get; set; }

    /// <summary>What a session gets when one of its groups is empty; see <see cref="EmptyGroupRule"/>.</summary>
    public EmptyGroupRule EmptyGroup { get; set; } = EmptyGroupRule.CopyOther;
}
