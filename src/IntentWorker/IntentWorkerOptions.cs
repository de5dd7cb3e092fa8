using System.ComponentModel.DataAnnotations;
using Streaming.IntentWorker.Providers;

namespace Streaming.IntentWorker;

/// <summary>IntentWorker settings (section <c>IntentWorker</c>; the LLM, encoder and grounding have sub-sections).</summary>
public sealed class IntentWorkerOptions : IValidatableObject
{
    public const string Section = "IntentWorker";

    [Required(AllowEmptyStrings = false, ErrorMessage = "IntentWorker:ConsumerGroup must not be empty")]
    public string ConsumerGroup { get; set; } = "intents";

    /// <summary>
    /// The item catalog (<c>catalog.tsv</c>, as saved next to every model): ids, titles, categories, brands. Without
    /// one the worker has no titles to ask about: it consumes and counts every candidate set as skipped (<c>no-catalog</c>),
    /// so an all-in-one host without a trained model still starts.
    /// </summary>
    public string? CatalogPath { get; set; }

    /// <summary>
    /// The model registry the Ranker serves from. Set, the worker does nothing (<c>no-fused-ranker</c>) until a version
    /// with a fused ranker graph is published there: intents would be computed for nothing. Unset, it assumes one is served.
    /// </summary>
    public string? RegistryPath { get; set; }

    /// <summary>
    /// Drop a session whose intents would arrive later than this after its candidate list was produced (<c>deadline</c>):
    /// a late refinement no longer matters to the user, and the time goes to fresher sessions. Zero: never drop.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "IntentWorker:Deadline must be between 0 and 1 h")]
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>catalog</c> (offline heuristic, default), <c>openai-compatible</c> or <c>azure-openai</c>.</summary>
    public string Provider { get; set; } = ProviderNames.Catalog;

    /// <summary>A built-in prompt version (<c>v1</c>) or the version of the template in the two files below.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "IntentWorker:PromptVersion must not be empty")]
    public string PromptVersion { get; set; } = "v1";

    public string? PromptSystemPath { get; set; }

    public string? PromptUserPath { get; set; }

    /// <summary>Sessions with fewer clicks are not asked about.</summary>
    [Range(1, 200, ErrorMessage = "IntentWorker:MinSessionLength must be between 1 and 200")]
    public int MinSessionLength { get; set; } = 2;

    /// <summary>
    /// With the session's items unchanged, a new candidate set is asked about only when at least this fraction of it
    /// was not in the last set asked about (0 = always ask).
    /// </summary>
    [Range(0.0, 1.0, ErrorMessage = "IntentWorker:MinCandidateChange must be between 0 and 1")]
    public double MinCandidateChange { get; set; } = 0.2;

    /// <summary>Sessions inferred at once (requests in flight).</summary>
    [Range(1, 256, ErrorMessage = "IntentWorker:MaxConcurrency must be between 1 and 256")]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// A poll batch's time budget: sessions whose turn comes later are skipped (<c>batch-deadline</c>; their next
    /// candidate set will ask again), so a slow LLM never holds a batch past Kafka's max poll interval.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "IntentWorker:MaxBatchDuration must be between 1 s and 1 h")]
    public TimeSpan MaxBatchDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>LLM requests per rolling minute in this process; 0 = no limit. Cached answers do not count.</summary>
    [Range(0, 1_000_000, ErrorMessage = "IntentWorker:MaxRequestsPerMinute must be between 0 and 1000000")]
    public int MaxRequestsPerMinute { get; set; }

    /// <summary>LLM requests per UTC day in this process; 0 = no budget.</summary>
    [Range(0, 100_000_000, ErrorMessage = "IntentWorker:DailyBudget must be between 0 and 100000000")]
    public int DailyBudget { get; set; }

    /// <summary>How long a session's intent vectors live in Redis after their last update.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00", ErrorMessage = "IntentWorker:IntentsTtl must be between 1 s and 30 days")]
    public TimeSpan IntentsTtl { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a cached LLM answer lives.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00", ErrorMessage = "IntentWorker:AnswerCacheTtl must be between 1 s and 365 days")]
    public TimeSpan AnswerCacheTtl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Where catalog title vectors are kept between runs; empty = encode them at every start.</summary>
    public string? TitleCacheDirectory { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!ProviderNames.All.Contains(Provider))
        {
            yield return new ValidationResult($"IntentWorker:Provider '{Provider}' must be one of {string.Join(", ", ProviderNames.All)}", [nameof(Provider)]);
        }

        if (string.IsNullOrEmpty(PromptSystemPath) != string.IsNullOrEmpty(PromptUserPath))
        {
            yield return new ValidationResult("IntentWorker:PromptSystemPath and IntentWorker:PromptUserPath go together", [nameof(PromptSystemPath)]);
        }
    }
}
