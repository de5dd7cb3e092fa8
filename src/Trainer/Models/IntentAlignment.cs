namespace Streaming.Trainer.Models;

/// <summary>How <see cref="DmsRec"/> aligns the session with the projected intents (for the ablation).</summary>
public enum IntentAlignment
{
    /// <summary>The paper's <c>KL(P_s || P_z)</c> with softmax over the hidden dimension.</summary>
    KlDivergence,

    /// <summary>InfoNCE over the batch: each session's normalised global vector must pick its own intent among the batch's.</summary>
    InfoNce,
}
