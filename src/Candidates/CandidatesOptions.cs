using System.ComponentModel.DataAnnotations;

namespace Streaming.Candidates;

/// <summary>Candidates settings (section <c>Candidates</c>).</summary>
public sealed class CandidatesOptions
{
    public const string Section = "Candidates";

    /// <summary>Root of the model registry; the latest version is served, and newer versions announced on <c>models</c> are swapped in. Unset: nothing is generated.</summary>
    public string? RegistryPath { get; set; }

    /// <summary>Candidates published per session (the paper uses 50); at most the graph's own top-K width.</summary>
    [Range(1, 1000, ErrorMessage = "Candidates:TopK must be between 1 and 1000")]
    public int TopK { get; set; } = 50;

    [Required(AllowEmptyStrings = false, ErrorMessage = "Candidates:ConsumerGroup must not be empty")]
    public string ConsumerGroup { get; set; } = "candidates";

    /// <summary>ONNX Runtime intra-op threads (1 leaves the other core to Kafka and Redis on small machines).</summary>
    [Range(1, 64, ErrorMessage = "Candidates:IntraOpThreads must be between 1 and 64")]
    public int IntraOpThreads { get; set; } = 1;
}
