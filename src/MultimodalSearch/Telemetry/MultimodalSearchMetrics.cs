using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MultimodalSearch;

/// <summary>The core's activity source and instruments (names in docs/telemetry.md), with helpers that record them with their tags.</summary>
internal static class MultimodalSearchMetrics
{
    public const string RequestDurationName = "multimodal_search.request.duration";
    public const string StageDurationName = "multimodal_search.request.stage.duration";
    public const string LlmFallbacksName = "multimodal_search.llm.fallbacks";
    public const string IngestionItemsName = "multimodal_search.ingestion.items";
    public const string StoreSearchDurationName = "multimodal_search.store.search.duration";

    public const string StageTag = "multimodal_search.stage";
    public const string RequestKindTag = "multimodal_search.request.kind";
    public const string LlmOperationTag = "multimodal_search.llm.operation";
    public const string FallbackReasonTag = "multimodal_search.llm.fallback.reason";
    public const string OutcomeTag = "multimodal_search.ingestion.outcome";
    public const string StoreKindTag = "multimodal_search.store.kind";
    public const string ErrorTypeTag = "error.type";

    /// <summary>The bucket boundaries of the duration histograms, in seconds: from a fast in-memory search to a slow language model.</summary>
    internal static readonly IReadOnlyList<double> DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private static readonly Meter Meter = new(MultimodalSearchTelemetry.MeterName, typeof(MultimodalSearchMetrics).Assembly.GetName().Version?.ToString());

    private static readonly Histogram<double> RequestDuration = Meter.CreateHistogram(
        RequestDurationName, "s", "Time to answer one shopper request, end to end.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    private static readonly Histogram<double> StageDuration = Meter.CreateHistogram(
        StageDurationName, "s", "Time of one stage of a request: understand (photo, classification), search (embed and retrieve), advise.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    private static readonly Counter<long> LlmFallbacks = Meter.CreateCounter<long>(
        LlmFallbacksName, "{fallback}", "Language-model answers not used: the offline implementation answered instead.");

    private static readonly Counter<long> IngestionItems = Meter.CreateCounter<long>(
        IngestionItemsName, "{item}", "Catalog records handled by ingestion, by outcome: indexed, unchanged (skipped) or failed.");

    private static readonly Histogram<double> StoreSearchDuration = Meter.CreateHistogram(
        StoreSearchDurationName, "s", "Time of one catalog store search.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    /// <summary>Gets the core's activity source.</summary>
    public static ActivitySource Source { get; } = new(MultimodalSearchTelemetry.ActivitySourceName, typeof(MultimodalSearchMetrics).Assembly.GetName().Version?.ToString());

    /// <summary>Records one request's whole duration.</summary>
    /// <param name="kind"><c>ask</c> or <c>ask_streaming</c>.</param>
    /// <param name="started">The <see cref="Stopwatch.GetTimestamp"/> at its start.</param>
    /// <param name="error">The error type when it failed (<c>timeout</c>, an exception's type name), or null.</param>
    public static void RecordRequest(string kind, long started, string? error)
    {
        if (RequestDuration.Enabled)
        {
            var tags = new TagList { { RequestKindTag, kind } };
            if (error is not null)
            {
                tags.Add(ErrorTypeTag, error);
            }

            RequestDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    /// <summary>Records one stage's duration.</summary>
    /// <param name="stage"><c>understand</c>, <c>search</c> or <c>advise</c>.</param>
    /// <param name="elapsed">How long it took.</param>
    public static void RecordStage(string stage, TimeSpan elapsed) => StageDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(StageTag, stage));

    /// <summary>Counts a language-model fallback.</summary>
    /// <param name="operation"><c>intent_classification</c> or <c>advice</c>.</param>
    /// <param name="reason"><c>timeout</c>, <c>invalid_reply</c> or <c>error</c>.</param>
    public static void CountFallback(string operation, string reason) =>
        LlmFallbacks.Add(1, new KeyValuePair<string, object?>(LlmOperationTag, operation), new KeyValuePair<string, object?>(FallbackReasonTag, reason));

    /// <summary>Counts ingested records.</summary>
    /// <param name="outcome"><c>indexed</c>, <c>unchanged</c> or <c>failed</c>.</param>
    /// <param name="count">How many.</param>
    public static void CountIngested(string outcome, int count)
    {
        if (count > 0)
        {
            IngestionItems.Add(count, new KeyValuePair<string, object?>(OutcomeTag, outcome));
        }
    }

    /// <summary>Starts the activity of a catalog store operation (<c>catalog.search</c>, ...), tagged with the store's kind.</summary>
    /// <param name="operation">The operation: <c>upsert</c>, <c>delete</c>, <c>get</c> or <c>search</c>.</param>
    /// <param name="storeKind"><c>embedded</c> or <c>vectordata</c>.</param>
    /// <returns>The activity, or null when nobody listens.</returns>
    public static Activity? StartCatalogActivity(string operation, string storeKind)
    {
        var activity = Source.StartActivity("catalog." + operation);
        activity?.SetTag(StoreKindTag, storeKind);
        return activity;
    }

    /// <summary>Measures one store search until disposed.</summary>
    /// <param name="storeKind"><c>embedded</c> or <c>vectordata</c>.</param>
    /// <returns>The measurement: call <see cref="OperationMeasurement.Succeed"/> when the search returns.</returns>
    public static OperationMeasurement MeasureStoreSearch(string storeKind) => new((started, error) => RecordStoreSearch(storeKind, started, error));

    /// <summary>Records one store search.</summary>
    /// <param name="storeKind"><c>embedded</c> or <c>vectordata</c>.</param>
    /// <param name="started">The <see cref="Stopwatch.GetTimestamp"/> at its start.</param>
    /// <param name="error">The exception's type name when it failed, or null.</param>
    public static void RecordStoreSearch(string storeKind, long started, string? error)
    {
        if (StoreSearchDuration.Enabled)
        {
            var tags = new TagList { { StoreKindTag, storeKind } };
            if (error is not null)
            {
                tags.Add(ErrorTypeTag, error);
            }

            StoreSearchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }
}
