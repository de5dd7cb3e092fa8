using System.Diagnostics;

namespace Streaming.Messaging;

/// <summary>Names of the telemetry sources of this library (register them with OpenTelemetry).</summary>
public static class MessagingDiagnostics
{
    public const string ActivitySourceName = "Streaming.Messaging";
    public const string MeterName = "Streaming.Messaging";

    /// <summary>Consume ("process") and produce ("publish") spans.</summary>
    internal static ActivitySource ActivitySource { get; } = new(ActivitySourceName);
}
