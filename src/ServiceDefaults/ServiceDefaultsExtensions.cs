using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace Streaming.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>The meters and activity sources of this project; each stage registers under this prefix.</summary>
    public const string TelemetryPrefix = "Streaming.*";

    /// <summary>
    /// OpenTelemetry metrics for every <c>Streaming.*</c> meter (with a Prometheus scrape endpoint when
    /// <c>Telemetry:PrometheusPort</c> is set) and tracing for every <c>Streaming.*</c> activity source.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TelemetryOptions>()
            .BindConfiguration(TelemetryOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var telemetry = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddOpenTelemetry()
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
            })
            .WithTracing(tracing => tracing.AddSource(TelemetryPrefix));
        return builder;
    }
}
