using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MultimodalSearch.Blip2;

/// <summary>The embedder's activity source and instruments (names in docs/telemetry.md).</summary>
internal static class Blip2Metrics
{
    public const string InferenceDurationName = "multimodal_search.model.inference.duration";
    public const string InferenceInputsName = "multimodal_search.model.inference.inputs";
    public const string ModalityTag = "multimodal_search.model.modality";
    public const string ErrorTypeTag = "error.type";

    private static readonly Meter Meter = new(Blip2Telemetry.MeterName, typeof(Blip2Metrics).Assembly.GetName().Version?.ToString());

    private static readonly Histogram<double> InferenceDuration = Meter.CreateHistogram(
        InferenceDurationName,
        "s",
        "Time of one ONNX Runtime run of a BLIP-2 graph (one batch), by modality: text or image.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    private static readonly Counter<long> InferenceInputs = Meter.CreateCounter<long>(
        InferenceInputsName, "{input}", "Texts or images run through a BLIP-2 graph, by modality: divide the duration's sum by it for the time per input.");

    /// <summary>Gets the embedder's activity source.</summary>
    public static ActivitySource Source { get; } = new(Blip2Telemetry.ActivitySourceName, typeof(Blip2Metrics).Assembly.GetName().Version?.ToString());

    /// <summary>Records one graph run.</summary>
    /// <param name="modality"><c>text</c> or <c>image</c>.</param>
    /// <param name="inputs">The batch size.</param>
    /// <param name="started">The <see cref="Stopwatch.GetTimestamp"/> before the run.</param>
    /// <param name="error">The exception's type name when the run failed, or null.</param>
    public static void RecordInference(string modality, long inputs, long started, string? error)
    {
        var tags = new TagList { { ModalityTag, modality } };
        if (error is not null)
        {
            tags.Add(ErrorTypeTag, error);
        }

        InferenceDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        InferenceInputs.Add(inputs, tags);
    }
}
