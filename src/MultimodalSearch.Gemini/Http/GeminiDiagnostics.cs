using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;

namespace MultimodalSearch.Gemini.Http;

/// <summary>
/// The <see cref="ActivitySource"/> and instruments of this package. Its activity wraps all HTTP attempts of one call, so
/// retries, backoff waits and token refreshes show up in traces; M.E.AI's <c>UseOpenTelemetry()</c> adds the gen-AI spans
/// above it. The instruments follow OpenTelemetry's gen-AI client conventions (docs/telemetry.md).
/// </summary>
internal static class GeminiDiagnostics
{
    public const string SourceName = GeminiTelemetry.ActivitySourceName;
    public const string OperationDurationName = "gen_ai.client.operation.duration";
    public const string TokenUsageName = "gen_ai.client.token.usage";

    private static readonly Meter Meter = new(GeminiTelemetry.MeterName, typeof(GeminiDiagnostics).Assembly.GetName().Version?.ToString());

    // Bucket boundaries as OpenTelemetry's gen-AI conventions advise.
    private static readonly Histogram<double> OperationDuration = Meter.CreateHistogram(
        OperationDurationName,
        "s",
        "GenAI operation duration.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92] });

    private static readonly Histogram<long> TokenUsage = Meter.CreateHistogram(
        TokenUsageName,
        "{token}",
        "Measures number of input and output tokens used.",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864] });

    public static readonly ActivitySource Source = new(SourceName, typeof(GeminiDiagnostics).Assembly.GetName().Version?.ToString());

    /// <summary>Records one chat call: its duration, and its token usage when it succeeded with usage.</summary>
    /// <param name="endpoint">The backend.</param>
    /// <param name="requestModel">The model asked for.</param>
    /// <param name="started">The <see cref="Stopwatch.GetTimestamp"/> at the call's start.</param>
    /// <param name="responseModel">The model that answered (<c>modelVersion</c>), if known.</param>
    /// <param name="usage">The token counts, if any.</param>
    /// <param name="error">The exception's type name when the call failed, or null.</param>
    public static void RecordChat(GeminiEndpoint endpoint, string requestModel, long started, string? responseModel, UsageDetails? usage, string? error)
    {
        if (!OperationDuration.Enabled && !TokenUsage.Enabled)
        {
            return;
        }

        var tags = new List<KeyValuePair<string, object?>>(9)
        {
            new("gen_ai.operation.name", "chat"),
            new("gen_ai.provider.name", endpoint.ProviderName),
            new("gen_ai.system", endpoint.ProviderName),
            new("gen_ai.request.model", requestModel),
            new("server.address", endpoint.ProviderUri.Host),
        };
        if (responseModel is not null)
        {
            tags.Add(new("gen_ai.response.model", responseModel));
        }

        if (error is not null)
        {
            tags.Add(new("error.type", error));
        }

        OperationDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, CollectionsMarshal.AsSpan(tags));
        tags.Add(default);
        if (usage?.InputTokenCount is { } input)
        {
            tags[^1] = new("gen_ai.token.type", "input");
            TokenUsage.Record(input, CollectionsMarshal.AsSpan(tags));
        }

        if (usage?.OutputTokenCount is { } output)
        {
            tags[^1] = new("gen_ai.token.type", "output");
            TokenUsage.Record(output, CollectionsMarshal.AsSpan(tags));
        }
    }
}
