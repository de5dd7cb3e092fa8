using System.ComponentModel.DataAnnotations;

namespace Streaming.State;

/// <summary>Redis connection settings (section <c>Redis</c>; environment: <c>Redis__Configuration</c>).</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>localhost:6379</c>.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Redis:Configuration (environment Redis__Configuration) is required, e.g. localhost:6379")]
    public string Configuration { get; set; } = "";
}
