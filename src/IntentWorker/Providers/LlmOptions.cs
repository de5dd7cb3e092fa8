using System.ComponentModel.DataAnnotations;

namespace Streaming.IntentWorker.Providers;

/// <summary>The LLM client (section <c>IntentWorker:Llm</c>), for the <c>openai-compatible</c> and <c>azure-openai</c> providers.</summary>
public sealed class LlmOptions
{
    /// <summary>openai-compatible: the API base including any <c>/v1</c> (it is not added); azure-openai: the resource endpoint.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The API key; for azure-openai an empty key means a Microsoft Entra credential (DefaultAzureCredential).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model (openai-compatible) or deployment (azure-openai).</summary>
    public string? Model { get; set; }

    /// <summary>Per attempt (the client's network timeout).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00", ErrorMessage = "IntentWorker:Llm:AttemptTimeout must be between 50 ms and 10 min")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt (on 408, 429, 5xx and network errors).</summary>
    [Range(0, 10, ErrorMessage = "IntentWorker:Llm:MaxRetries must be between 0 and 10")]
    public int MaxRetries { get; set; } = 2;

    /// <summary>First retry delay; doubles per retry up to <see cref="MaxBackoff"/>. A Retry-After header wins, up to MaxBackoff.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "IntentWorker:Llm:InitialBackoff must be between 0 and 1 min")]
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "IntentWorker:Llm:MaxBackoff must be between 0 and 10 min")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Consecutive failed requests that open the circuit breaker.</summary>
    [Range(1, 1000, ErrorMessage = "IntentWorker:Llm:BreakerFailures must be between 1 and 1000")]
    public int BreakerFailures { get; set; } = 5;

    /// <summary>How long an open breaker refuses requests before one trial request may pass.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "IntentWorker:Llm:BreakerDuration must be between 10 ms and 1 h")]
    public TimeSpan BreakerDuration { get; set; } = TimeSpan.FromSeconds(30);

    [Range(0.0, 2.0, ErrorMessage = "IntentWorker:Llm:Temperature must be between 0 and 2")]
    public float Temperature { get; set; }

    [Range(16, 8192, ErrorMessage = "IntentWorker:Llm:MaxOutputTokens must be between 16 and 8192")]
    public int MaxOutputTokens { get; set; } = 256;
}
