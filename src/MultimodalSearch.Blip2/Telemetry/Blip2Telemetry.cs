using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MultimodalSearch.Blip2;

/// <summary>
/// The names under which the BLIP-2 embedder traces and measures: add them to OpenTelemetry
/// (<c>AddSource(Blip2Telemetry.ActivitySourceName)</c>, <c>AddMeter(Blip2Telemetry.MeterName)</c>).
/// docs/telemetry.md lists every activity, instrument and tag.
/// </summary>
public static class Blip2Telemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/>: <c>blip2.embed_texts</c> and <c>blip2.embed_images</c>.</summary>
    public const string ActivitySourceName = "MultimodalSearch.Blip2";

    /// <summary>The name of the <see cref="Meter"/>: model inference time and inputs, by modality (text or image).</summary>
    public const string MeterName = "MultimodalSearch.Blip2";
}
