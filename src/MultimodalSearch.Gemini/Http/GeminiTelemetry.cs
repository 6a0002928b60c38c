using System.Diagnostics;

namespace MultimodalSearch.Gemini.Http;

/// <summary>
/// The <see cref="ActivitySource"/> of this package. Its activity wraps all HTTP attempts of one call, so
/// retries, backoff waits and token refreshes show up in traces; M.E.AI's <c>UseOpenTelemetry()</c>
/// adds the gen-AI spans above it.
/// </summary>
internal static class GeminiTelemetry
{
    public const string SourceName = "MultimodalSearch.Gemini";

    public static readonly ActivitySource Source = new(SourceName, typeof(GeminiTelemetry).Assembly.GetName().Version?.ToString());
}
