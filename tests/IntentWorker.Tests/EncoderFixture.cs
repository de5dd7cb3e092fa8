using Streaming.Serving.Embeddings;

namespace Streaming.IntentWorker.Tests;

/// <summary>One MiniLM encoder for the whole test assembly (loading the model takes about a second).</summary>
public sealed class EncoderFixture : IDisposable
{
    public SentenceEncoder Encoder { get; } = SentenceEncoder.Create(new EncoderOptions { BatchSize = 8 });

    public void Dispose() => Encoder.Dispose();
}
