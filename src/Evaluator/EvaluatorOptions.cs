using System.ComponentModel.DataAnnotations;

namespace Streaming.Evaluator;

/// <summary>Evaluator settings (section <c>Evaluator</c>).</summary>
public sealed class EvaluatorOptions : IValidatableObject
{
    public const string Section = "Evaluator";

    [Required(AllowEmptyStrings = false, ErrorMessage = "Evaluator:ConsumerGroup must not be empty")]
    public string ConsumerGroup { get; set; } = "evaluator";

    /// <summary>An answer whose session has not clicked again after this long is counted as unscored (Ingest's session TTL).</summary>
    public TimeSpan SessionTtl { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Length of the sliding window of the live accuracy.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Serve the dashboard (and its JSON) over HTTP.</summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>Port of the dashboard; 0 takes a free one (logged, and printed by <c>streaming up</c>).</summary>
    [Range(0, 65535, ErrorMessage = "Evaluator:DashboardPort must be between 0 and 65535")]
    public int DashboardPort { get; set; }

    /// <summary>Address the dashboard listens on (<c>0.0.0.0</c> in containers).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Evaluator:DashboardHost must not be empty")]
    public string DashboardHost { get; set; } = "127.0.0.1";

    /// <summary>Item titles for the session panel: a catalog file (<c>catalog.tsv</c>); wins over <see cref="RegistryPath"/>.</summary>
    public string? CatalogPath { get; set; }

    /// <summary>Item titles for the session panel: the catalog of the model registry's newest version.</summary>
    public string? RegistryPath { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SessionTtl <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Evaluator:SessionTtl must be positive", [nameof(SessionTtl)]);
        }

        if (Window < TimeSpan.FromSeconds(10))
        {
            yield return new ValidationResult("Evaluator:Window must be at least 00:00:10", [nameof(Window)]);
        }

        if (CatalogPath is { Length: > 0 } catalog && !File.Exists(catalog))
        {
            yield return new ValidationResult($"Evaluator:CatalogPath '{catalog}' does not exist", [nameof(CatalogPath)]);
        }
    }
}
