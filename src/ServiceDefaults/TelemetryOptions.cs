using System.ComponentModel.DataAnnotations;

namespace Streaming.ServiceDefaults;

/// <summary>Metrics settings (section <c>Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Port of the Prometheus scrape endpoint (<c>http://127.0.0.1:PORT/metrics</c>); 0 turns it off.</summary>
    [Range(0, 65535, ErrorMessage = "Telemetry:PrometheusPort must be between 0 and 65535")]
    public int PrometheusPort { get; set; }

    /// <summary>Host name the endpoint listens on; <c>+</c> for all interfaces (in containers).</summary>
    public string PrometheusHost { get; set; } = "localhost";
}
