using System.ComponentModel.DataAnnotations;

namespace Streaming.Ranker;

/// <summary>Ranker settings (section <c>Ranker</c>).</summary>
public sealed class RankerOptions : IValidatableObject
{
    public const string Section = "Ranker";

    /// <summary>Root of the model registry (<c>streaming models publish</c>); the latest version is served. Unset: nothing is issued.</summary>
    public string? RegistryPath { get; set; }

    /// <summary>Items per recommendation list; at most the ranker graph's own top-N width (the version's <c>topK</c>).</summary>
    [Range(1, 1000, ErrorMessage = "Ranker:TopN must be between 1 and 1000")]
    public int TopN { get; set; } = 20;

    [Required(AllowEmptyStrings = false, ErrorMessage = "Ranker:ConsumerGroup must not be empty")]
    public string ConsumerGroup { get; set; } = "ranker";

    /// <summary>ONNX Runtime intra-op threads (1 leaves the other core to Kafka and Redis on small machines).</summary>
    [Range(1, 64, ErrorMessage = "Ranker:IntraOpThreads must be between 1 and 64")]
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>
    /// An intent group the LLM named nothing for, whose stored vector is a copy of the other group's: <c>learned</c>
    /// (default, as <c>streaming train</c> trains by default: the model's learned "no intent" input) or <c>copy</c> (the
    /// paper's rule: use the copied vector), for model versions that do not record the rule they were trained with
    /// (versions published from <c>streaming train --out</c> do, and win over this setting).
    /// </summary>
    public string EmptyIntentGroup { get; set; } = "learned";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (EmptyIntentGroup is not ("learned" or "copy"))
        {
            yield return new ValidationResult($"Ranker:EmptyIntentGroup '{EmptyIntentGroup}' must be 'learned' or 'copy'", [nameof(EmptyIntentGroup)]);
        }
    }
}
