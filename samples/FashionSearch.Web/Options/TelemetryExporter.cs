namespace FashionSearch.Web.Options;

/// <summary>The OpenTelemetry exporter chosen by configuration.</summary>
internal enum TelemetryExporter
{
    /// <summary>Traces and metrics are collected by nobody.</summary>
    None,

    /// <summary>Written to the console.</summary>
    Console,

    /// <summary>Sent over OTLP.</summary>
    Otlp,
}
