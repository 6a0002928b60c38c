using FashionSearch.Web.Options;
using MultimodalSearch;
using MultimodalSearch.Blip2;
using MultimodalSearch.Gemini;
using MultimodalSearch.Postgres;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FashionSearch.Web.Telemetry;

/// <summary>
/// OpenTelemetry traces and metrics of ASP.NET Core and the library (the activity source and meter of each package),
/// exported where <c>FashionSearchWeb:Telemetry:Exporter</c> says: none (the default), console or otlp.
/// </summary>
internal static class TelemetrySetup
{
    /// <summary>The library's activity sources, one per package (docs/telemetry.md).</summary>
    public static readonly string[] LibrarySources =
    [
        MultimodalSearchTelemetry.ActivitySourceName,
        Blip2Telemetry.ActivitySourceName,
        GeminiTelemetry.ActivitySourceName,
        PgVectorTelemetry.ActivitySourceName,
    ];

    /// <summary>The library's meters, one per package (docs/telemetry.md).</summary>
    public static readonly string[] LibraryMeters =
    [
        MultimodalSearchTelemetry.MeterName,
        Blip2Telemetry.MeterName,
        GeminiTelemetry.MeterName,
        PgVectorTelemetry.MeterName,
    ];

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
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddMeter(LibraryMeters));
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
