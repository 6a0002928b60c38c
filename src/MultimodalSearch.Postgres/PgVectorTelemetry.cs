using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MultimodalSearch.Postgres;

/// <summary>
/// The names under which the PostgreSQL stores trace and measure: add them to OpenTelemetry
/// (<c>AddSource(PgVectorTelemetry.ActivitySourceName)</c>, <c>AddMeter(PgVectorTelemetry.MeterName)</c>).
/// docs/telemetry.md lists every activity, instrument and tag.
/// </summary>
public static class PgVectorTelemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/>: <c>catalog.*</c> activities of the catalog store, <c>vectorstore.*</c> of the VectorData store.</summary>
    public const string ActivitySourceName = "MultimodalSearch.Postgres";

    /// <summary>The name of the <see cref="Meter"/>: search latency of the pgvector catalog store.</summary>
    public const string MeterName = "MultimodalSearch.Postgres";
}
