using System.Text.Json;

namespace MultimodalSearch.Gemini.Wire;

/// <summary>Set when the prompt itself was judged; <see cref="BlockReason"/> when it was blocked.</summary>
internal sealed class GeminiPromptFeedback
{
    public string? BlockReason { get; init; }

    public string? BlockReasonMessage { get; init; }

    public JsonElement? SafetyRatings { get; init; }
}
