namespace MultimodalSearch.Gemini.Wire;

/// <summary>
/// A <c>generateContent</c> response, or one SSE chunk of a stream. <see cref="Error"/> is set when a
/// stream reports an error after its HTTP 200 header.
/// </summary>
internal sealed class GeminiGenerateContentResponse
{
    public IList<GeminiCandidate>? Candidates { get; init; }

    public GeminiPromptFeedback? PromptFeedback { get; init; }

    public GeminiUsageMetadata? UsageMetadata { get; init; }

    public string? ModelVersion { get; init; }

    public string? ResponseId { get; init; }

    public DateTimeOffset? CreateTime { get; init; }

    public GeminiError? Error { get; init; }
}
