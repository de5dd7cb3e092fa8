namespace Streaming.Serving;

/// <summary>How an ONNX model is run: intra-op threads (0 = ONNX Runtime's default) and whether to try CUDA first.</summary>
public sealed class OnnxSessionOptions
{
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// Let intra-op threads spin between runs (ONNX Runtime's default). Off by default here: the workers
    /// share few cores with other processes, where spinning threads steal time from them.
    /// </summary>
    public bool AllowSpinning { get; init; }

    /// <summary>Try the CUDA provider first and fall back to the CPU provider when it cannot load.</summary>
    public bool UseCuda { get; init; }
}
