using System.CommandLine;

namespace Streaming.Cli;

/// <summary>How commands that talk to Kafka directly find it: <c>--bootstrap-servers</c>, else <c>Kafka__BootstrapServers</c>.</summary>
internal static class KafkaOptionsFromCli
{
    public const string EnvironmentVariable = "Kafka__BootstrapServers";

    public const string MissingBootstrapServers =
        "No Kafka bootstrap servers: pass --bootstrap-servers host:port or set Kafka__BootstrapServers (streaming infra prints them).";

    public static Option<string?> BootstrapServersOption() =>
        new("--bootstrap-servers") { Description = "Kafka bootstrap servers (default: the Kafka__BootstrapServers environment variable)." };

    public static string? ResolveBootstrapServers(string? option) =>
        string.IsNullOrWhiteSpace(option) ? NullIfEmpty(Environment.GetEnvironmentVariable(EnvironmentVariable)) : option;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
