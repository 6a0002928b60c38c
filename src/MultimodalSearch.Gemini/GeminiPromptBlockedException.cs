using System.Net;

namespace MultimodalSearch.Gemini;

/// <summary>
/// Gemini refused the prompt itself (<c>promptFeedback.blockReason</c>), so there is no answer at all.
/// A response stopped by safety filters part way is not this exception: it is a normal response with
/// <c>ChatFinishReason.ContentFilter</c>.
/// </summary>
public sealed class GeminiPromptBlockedException : GeminiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="blockReason">Google's block reason, for example <c>SAFETY</c>, <c>BLOCKLIST</c> or <c>PROHIBITED_CONTENT</c>.</param>
    /// <param name="blockReasonMessage">Google's explanation, if it gave one.</param>
    public GeminiPromptBlockedException(string blockReason, string? blockReasonMessage = null)
        : base(
            string.IsNullOrWhiteSpace(blockReasonMessage)
                ? $"Gemini blocked the prompt ({blockReason}); no response was generated."
                : $"Gemini blocked the prompt ({blockReason}): {blockReasonMessage}",
            HttpStatusCode.OK)
    {
        BlockReason = blockReason;
    }

    /// <summary>Gets Google's block reason, for example <c>SAFETY</c>, <c>BLOCKLIST</c>, <c>PROHIBITED_CONTENT</c> or <c>OTHER</c>.</summary>
    public string BlockReason { get; }
}
