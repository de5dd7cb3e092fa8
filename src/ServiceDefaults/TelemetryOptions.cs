using System.ComponentModel.DataAnnotations;

namespace Streaming.ServiceDefaults;

/// <summary>Metrics and traces settings (section <c>Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Port of the Prometheus scrape endpoint (<c>http://127.0.0.1:PORT/metrics</c>); 0 turns it off.</summary>
    [Range(0, 65535, ErrorMessage = "Telemetry:PrometheusPort must be between 0 and 65535")]
    public int PrometheusPort { get; set; }

    /// <summary>Host name the endpoint listens on; <c>+</c> for all interfaces (in containers).</summary>
    public string PrometheusHost { get; set; } = "localhost";

    /// <summary>
    /// OTLP collector that receives the traces and metrics (e.g. <c>http://collector:4317</c>); unset: no traces are
    /// built at all and metrics go only to Prometheus and the in-process readers.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>OTLP transport: <c>grpc</c> (port 4317 by convention) or <c>http/protobuf</c> (4318).</summary>
    [RegularExpression("^(grpc|http/protobuf)$", ErrorMessage = "Telemetry:OtlpProtocol must be grpc or http/protobuf")]
    public string OtlpProtocol { get; set; } = "grpc";
}
