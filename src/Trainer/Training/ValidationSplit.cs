using Streaming.Core.Datasets.PaperSplits;

namespace Streaming.Trainer.Training;

/// <summary>
/// Carves a validation set from the end of the training samples. The cut moves forward past samples
/// that continue the previous sample's session (a prefix-augmented split such as Beauty lists each
/// session's prefixes consecutively), so no session straddles train and validation. Deterministic: the
/// paper's files are already in a fixed (ML-1M: chronological, Beauty: shuffled) order.
/// </summary>
public static class ValidationSplit
{
    public static (IReadOnlyList<PaperSample> Train, IReadOnlyList<PaperSample> Validation) Carve(
        IReadOnlyList<PaperSample> samples, double fraction)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (fraction <= 0 || samples.Count < 2)
        {
            return (samples, []);
        }

        var cut = (int)Math.Floor(samples.Count * (1 - fraction));
        cut = Math.Clamp(cut, 1, samples.Count - 1);
        while (cut < samples.Count && ContinuesPrevious(samples[cut - 1], samples[cut]))
        {
            cut++;
        }

        return ([.. samples.Take(cut)], [.. samples.Skip(cut)]);
    }

    // True when `next` is `previous` extended by its target: the next prefix of the same session.
    private static bool ContinuesPrevious(PaperSample previous, PaperSample next) =>
        next.Items.Length == previous.Items.Length + 1
        && next.Items[^1] == previous.Target
        && next.Items.AsSpan(0, previous.Items.Length).SequenceEqual(previous.Items);
}
