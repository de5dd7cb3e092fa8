namespace Streaming.Core.Sessions;

/// <summary>Fractions and hygiene of the time-based split; <see cref="Validate"/> before use.</summary>
public sealed class TimeSplitOptions
{
    /// <summary>Share of sessions (by end time) for validation, taken just before the test period.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Share of sessions (by end time) for test: the most recent ones.</summary>
    public double TestFraction { get; init; } = 0.1;

    /// <summary>Remove items never seen in training from validation and test sessions (SR-GNN convention).</summary>
    public bool DropUnseenItems { get; init; } = true;

    /// <summary>Validation and test sessions shorter than this (after dropping unseen items) are removed; 2 = one prefix and a target.</summary>
    public int MinEvaluationLength { get; init; } = 2;

    public void Validate()
    {
        if (ValidationFraction is < 0 or >= 1 || TestFraction is <= 0 or >= 1 || ValidationFraction + TestFraction >= 1)
        {
            throw new ArgumentException("fractions must satisfy 0 <= validation, 0 < test, validation + test < 1");
        }

        if (MinEvaluationLength < 1)
        {
            throw new ArgumentException("the minimum evaluation length must be at least 1", nameof(MinEvaluationLength));
        }
    }
}
