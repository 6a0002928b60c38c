using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MultimodalSearch.Postgres;

/// <summary>The tracing source and instruments of both PostgreSQL stores (names in docs/telemetry.md).</summary>
internal static class PgVectorDiagnostics
{
    /// <summary>The name of the <see cref="ActivitySource"/>: listen to it to trace catalog and VectorData operations.</summary>
    public const string SourceName = PgVectorTelemetry.ActivitySourceName;

    /// <summary>The tag that says how a search found its candidates: <c>exact</c> (a small catalog scanned exactly), <c>ann</c> (nearest neighbours from the index), <c>scanned-probe</c> (the catalog store's index path with a category filter of few items: the probes compared with every centroid row of those items instead of the HNSW index), with <c>+exact</c> appended when those were too few and an exact scan followed.</summary>
    public const string SearchPathTag = "multimodal_search.search.path";

    /// <summary>The histogram of catalog searches, the same instrument as the core's stores record (with their own store kind).</summary>
    public const string StoreSearchDurationName = "multimodal_search.store.search.duration";

    /// <summary>The store kind this package's catalog store records.</summary>
    public const string StoreKind = "postgres";

    private static readonly Meter Meter = new(PgVectorTelemetry.MeterName, typeof(PgVectorDiagnostics).Assembly.GetName().Version?.ToString());

    private static readonly Histogram<double> StoreSearchDuration = Meter.CreateHistogram(
        StoreSearchDurationName,
        "s",
        "Time of one catalog store search.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });

    /// <summary>Gets the source.</summary>
    public static ActivitySource Source { get; } = new(SourceName, typeof(PgVectorDiagnostics).Assembly.GetName().Version?.ToString());

    /// <summary>Starts an activity for a catalog operation.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="catalog">The catalog's schema-qualified name.</param>
    /// <returns>The activity, or null when nobody listens.</returns>
    public static Activity? Start(string operation, string catalog)
    {
        var activity = Source.StartActivity("catalog." + operation, ActivityKind.Client);
        activity?.SetTag("db.system", "postgresql");
        activity?.SetTag("multimodal_search.catalog", catalog);
        activity?.SetTag("multimodal_search.store.kind", StoreKind);
        return activity;
    }

    /// <summary>Records one catalog search.</summary>
    /// <param name="started">The <see cref="Stopwatch.GetTimestamp"/> at its start.</param>
    /// <param name="error">The exception's type name when it failed, or null.</param>
    public static void RecordSearch(long started, string? error)
    {
        if (StoreSearchDuration.Enabled)
        {
            var tags = new TagList { { "multimodal_search.store.kind", StoreKind } };
            if (error is not null)
            {
                tags.Add("error.type", error);
            }

            StoreSearchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }
}
