using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MultimodalSearch;

/// <summary>
/// The names under which this package traces and measures: add them to OpenTelemetry
/// (<c>AddSource(MultimodalSearchTelemetry.ActivitySourceName)</c>, <c>AddMeter(MultimodalSearchTelemetry.MeterName)</c>).
/// docs/telemetry.md lists every activity, instrument and tag.
/// </summary>
public static class MultimodalSearchTelemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/> of the workflow, classifiers, stylists, ingestion and the core stores.</summary>
    public const string ActivitySourceName = "MultimodalSearch";

    /// <summary>
    /// The name of the <see cref="Meter"/> of the core: request and stage durations, language-model fallbacks,
    /// items indexed or failed, and search latency of the embedded and VectorData stores.
    /// </summary>
    public const string MeterName = "MultimodalSearch";

    /// <summary>The prefix of every tag and instrument of the library that no OpenTelemetry semantic convention names.</summary>
    public const string TagPrefix = "multimodal_search.";
}
