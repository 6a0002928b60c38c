namespace FashionSearch.Web.Options;

/// <summary>Where OpenTelemetry traces and metrics go.</summary>
internal sealed class TelemetrySettings
{
    /// <summary>Gets or sets the exporter: none (the default), console or otlp.</summary>
    public TelemetryExporter Exporter { get; set; } = TelemetryExporter.None;

    /// <summary>Gets or sets the OTLP endpoint; empty uses the exporter's default (or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>).</summary>
    public string? OtlpEndpoint { get; set; }
}
