using System.Text.Json;

namespace MultimodalSearch.Gemini.Wire;

/// <summary>One generated candidate.</summary>
internal sealed class GeminiCandidate
{
    public GeminiContent? Content { get; init; }

    // An open set (Google adds values); kept as text and mapped where known.
    public string? FinishReason { get; init; }

    public string? FinishMessage { get; init; }

    public int? Index { get; init; }

    public JsonElement? SafetyRatings { get; init; }

    public JsonElement? CitationMetadata { get; init; }

    public JsonElement? GroundingMetadata { get; init; }

    public JsonElement? UrlContextMetadata { get; init; }
}
