using Microsoft.Extensions.AI;

namespace MultimodalSearch.Gemini.Mapping;

/// <summary>Maps Gemini's open set of finish reasons onto <see cref="ChatFinishReason"/>.</summary>
internal static class GeminiFinishReasons
{
    // The reasons Google's protos document as a filter: safety, recitation, blocklists, prohibited content,
    // SPII, Model Armor (Vertex AI) and their image counterparts (Gemini API). IMAGE_OTHER ("other
    // miscellaneous issue") and NO_IMAGE ("none was generated") are not filters and pass through.
    private static readonly HashSet<string> ContentFilterReasons = new(StringComparer.Ordinal)
    {
        "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "MODEL_ARMOR",
        "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION",
    };

    /// <summary>
    /// STOP is <see cref="ChatFinishReason.Stop"/> (<see cref="ChatFinishReason.ToolCalls"/> when the answer
    /// calls a function), MAX_TOKENS is <see cref="ChatFinishReason.Length"/>, safety and block reasons are
    /// <see cref="ChatFinishReason.ContentFilter"/>; any other value is passed through as it is.
    /// </summary>
    public static ChatFinishReason? Map(string? finishReason, bool hasFunctionCall)
    {
        if (string.IsNullOrEmpty(finishReason) || finishReason == "FINISH_REASON_UNSPECIFIED")
        {
            return null;
        }

        return finishReason switch
        {
            "STOP" => hasFunctionCall ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop,
            "MAX_TOKENS" => ChatFinishReason.Length,
            _ when ContentFilterReasons.Contains(finishReason) => ChatFinishReason.ContentFilter,
            _ => new ChatFinishReason(finishReason),
        };
    }
}
