namespace Streaming.Core.Intents;

/// <summary>A whole <see cref="IntentVectorFile"/>: the vector dimension and one record per sample, in sample order.</summary>
public sealed record IntentVectorFileContents(int Dimension, IReadOnlyList<IntentVectorRecord> Records);
