using Microsoft.Extensions.Options;

namespace Streaming.Messaging;

/// <summary>Checks <see cref="KafkaOptions"/> at start-up; every message names the setting and its environment variable.</summary>
internal sealed class KafkaOptionsValidator : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            failures.Add("Kafka:BootstrapServers is required (environment variable Kafka__BootstrapServers), e.g. localhost:9092.");
        }

        if (options.GroupProtocol is not ("consumer" or "classic"))
        {
            failures.Add($"Kafka:GroupProtocol must be 'consumer' or 'classic' (environment variable Kafka__GroupProtocol), not '{options.GroupProtocol}'.");
        }

        if (options.MaxBatchSize < 1)
        {
            failures.Add("Kafka:MaxBatchSize must be at least 1.");
        }

        if (options.FetchWaitMaxMs is < 1 or > 5_000)
        {
            failures.Add("Kafka:FetchWaitMaxMs must be between 1 and 5000.");
        }

        if (options.PollTimeout <= TimeSpan.Zero)
        {
            failures.Add("Kafka:PollTimeout must be positive.");
        }

        if (options.RetryInitialBackoff <= TimeSpan.Zero || options.RetryMaxBackoff < options.RetryInitialBackoff)
        {
            failures.Add("Kafka:RetryInitialBackoff must be positive and not above Kafka:RetryMaxBackoff.");
        }

        if (options.ShutdownDrainTimeout < TimeSpan.Zero || options.LagRefreshInterval <= TimeSpan.Zero)
        {
            failures.Add("Kafka:ShutdownDrainTimeout must not be negative and Kafka:LagRefreshInterval must be positive.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add("Kafka:ClientId must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
