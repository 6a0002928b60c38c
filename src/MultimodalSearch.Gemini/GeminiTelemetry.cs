using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MultimodalSearch.Gemini;

/// <summary>
/// The names under which the Gemini client traces and measures: add them to OpenTelemetry
/// (<c>AddSource(GeminiTelemetry.ActivitySourceName)</c>, <c>AddMeter(GeminiTelemetry.MeterName)</c>).
/// docs/telemetry.md lists every activity, instrument and tag.
/// </summary>
public static class GeminiTelemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/>: one <c>gemini.request</c> activity per call, around all its HTTP attempts.</summary>
    public const string ActivitySourceName = "MultimodalSearch.Gemini";

    /// <summary>
    /// The name of the <see cref="Meter"/>: OpenTelemetry's gen-AI client instruments, <c>gen_ai.client.operation.duration</c>
    /// and <c>gen_ai.client.token.usage</c>.
    /// </summary>
    public const string MeterName = "MultimodalSearch.Gemini";
}
