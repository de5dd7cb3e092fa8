using System.ComponentModel.DataAnnotations;
using Streaming.State;

namespace Streaming.Ingest;

/// <summary>Ingest settings (section <c>Ingest</c>).</summary>
public sealed class IngestOptions : IValidatableObject
{
    public const string Section = "Ingest";

    /// <summary>Clicks kept per session; older ones leave the window (and the graph).</summary>
    [Range(2, LiveSessionCodec.MaxWindow, ErrorMessage = "Ingest:MaxSessionLength must be between 2 and 200")]
    public int MaxSessionLength { get; set; } = 50;

    /// <summary>A session idle this long (processing time) expires from Redis.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00", ErrorMessage = "Ingest:SessionTtl must be between 1 s and 30 days")]
    public TimeSpan SessionTtl { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Consumer group of the clicks consumer; a new group re-reads the topic from the start.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Ingest:ConsumerGroup must not be empty")]
    public string ConsumerGroup { get; set; } = "ingest";

    /// <summary>
    /// Consume loops in this process, members of the same group splitting the partitions between them, so one
    /// loop's Redis round trip overlaps another's wait for its published updates.
    /// </summary>
    [Range(1, 16, ErrorMessage = "Ingest:Consumers must be between 1 and 16")]
    public int Consumers { get; set; } = 2;

    /// <summary>
    /// How many of its latest event ids a session remembers (8 bytes each), so a producer retry or a repeated replay
    /// under new offsets is skipped. At least the window, so every click in it is covered; the default covers whole
    /// sessions up to that many clicks (every session of Amazon Beauty). 0 turns event-id de-duplication off.
    /// </summary>
    [Range(0, 4096, ErrorMessage = "Ingest:RecentEventIds must be between 0 and 4096")]
    public int RecentEventIds { get; set; } = 256;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RecentEventIds > 0 && RecentEventIds < MaxSessionLength)
        {
            yield return new ValidationResult(
                $"Ingest:RecentEventIds ({RecentEventIds}) must be 0 or at least Ingest:MaxSessionLength ({MaxSessionLength}), so every click in the window is remembered",
                [nameof(RecentEventIds)]);
        }
    }
}
