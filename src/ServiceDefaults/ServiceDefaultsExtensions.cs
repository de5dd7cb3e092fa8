using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Streaming.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>The meters and activity sources of this project; each stage registers under this prefix.</summary>
    public const string TelemetryPrefix = "Streaming.*";

    /// <summary>
    /// OpenTelemetry metrics for every <c>Streaming.*</c> meter (with a Prometheus scrape endpoint when
    /// <c>Telemetry:PrometheusPort</c> is set), the in-process <see cref="TelemetryReader"/>, and, only when
    /// <c>Telemetry:OtlpEndpoint</c> is set, traces of every <c>Streaming.*</c> activity source and metrics sent over OTLP.
    /// Without an OTLP endpoint no span is built: nothing would read it.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TelemetryOptions>()
            .BindConfiguration(TelemetryOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddTelemetryReader();

        var telemetry = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = telemetry.OtlpEndpoint;
        var protocol = telemetry.OtlpProtocol == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        var openTelemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(TelemetryPrefix);
                if (telemetry.PrometheusPort > 0)
                {
                    metrics.AddPrometheusHttpListener(options =>
                    {
                        options.Host = telemetry.PrometheusHost;
                        options.Port = telemetry.PrometheusPort;
                    });
                }

                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(options => (options.Endpoint, options.Protocol) = (Signal(otlp, protocol, "metrics"), protocol));
                }
            });
        if (otlp is not null)
        {
            openTelemetry.WithTracing(tracing => tracing
                .AddSource(TelemetryPrefix)
                .AddOtlpExporter(options => (options.Endpoint, options.Protocol) = (Signal(otlp, protocol, "traces"), protocol)));
        }

        return builder;
    }

    /// <summary>The host's <see cref="TelemetryReader"/> (one per host; resolve it before the host starts to count from the start).</summary>
    public static IServiceCollection AddTelemetryReader(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new TelemetryReader(sp.GetRequiredService<IMeterFactory>()));
        return services;
    }

    /// <summary>Over http/protobuf an endpoint set in code is used as is: each signal needs its own path.</summary>
    private static Uri Signal(Uri endpoint, OtlpExportProtocol protocol, string signal) =>
        protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/v1/" + signal)
            : endpoint;
}
