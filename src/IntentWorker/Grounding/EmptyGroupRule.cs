namespace Streaming.IntentWorker.Grounding;

/// <summary>What the vector of an empty intent group is.</summary>
public enum EmptyGroupRule
{
    /// <summary>The paper's rule: an empty group takes the other group's vector (both models then see the same intent).</summary>
    CopyOther = 0,

    /// <summary>An empty group stays a zero vector (the fused model's projection then adds only its bias).</summary>
    Zero = 1,
}
