using FashionSearch.Web.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FashionSearch.Web.Telemetry;

/// <summary>
/// OpenTelemetry traces and metrics of ASP.NET Core and the library (every <c>MultimodalSearch.*</c> activity source and
/// meter), exported where <c>FashionSearchWeb:Telemetry:Exporter</c> says: none (the default), console or otlp.
/// </summary>
internal static class TelemetrySetup
{
    /// <summary>The library's sources and meters.</summary>
    public const string LibrarySources = "MultimodalSearch.*";

    /// <summary>Adds OpenTelemetry when an exporter is configured.</summary>
    /// <param name="builder">The app builder.</param>
    /// <param name="settings">The telemetry settings.</param>
    public static void AddTelemetry(this WebApplicationBuilder builder, TelemetrySettings settings)
    {
        if (settings.Exporter == TelemetryExporter.None)
        {
            return;
        }

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("FashionSearch.Web"))
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddSource(LibrarySources))
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddMeter(LibrarySources));
        if (settings.Exporter == TelemetryExporter.Console)
        {
            otel.WithTracing(tracing => tracing.AddConsoleExporter()).WithMetrics(metrics => metrics.AddConsoleExporter());
        }
        else
        {
            var endpoint = string.IsNullOrWhiteSpace(settings.OtlpEndpoint) ? null : new Uri(settings.OtlpEndpoint);
            otel.WithTracing(tracing => tracing.AddOtlpExporter(o => o.Endpoint = endpoint ?? o.Endpoint))
                .WithMetrics(metrics => metrics.AddOtlpExporter(o => o.Endpoint = endpoint ?? o.Endpoint));
        }
    }
}
