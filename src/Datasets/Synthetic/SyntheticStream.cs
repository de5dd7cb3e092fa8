namespace Streaming.Core.Datasets.Synthetic;

/// <summary>Independent session streams of one <see cref="SyntheticDataset"/>: the same structure, different draws.</summary>
public enum SyntheticStream
{
    /// <summary>Sessions the bootstrap trains on.</summary>
    Train = 0,

    /// <summary>Held-out sessions the bootstrap measures on.</summary>
    Test = 1,

    /// <summary>Sessions the demo traffic clicks through, never seen in training.</summary>
    Live = 2,
}
