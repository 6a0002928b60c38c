namespace MultimodalSearch.Gemini.Mapping;

/// <summary>Names shared by the request and response mappers.</summary>
internal static class GeminiPartKeys
{
    /// <summary>
    /// The <c>AdditionalProperties</c> key that keeps a part's <c>thoughtSignature</c>, so that it survives
    /// the conversation history (and its JSON serialization) and goes back to Gemini, which requires it
    /// on function calls of thinking models.
    /// </summary>
    public const string ThoughtSignature = "thoughtSignature";

    /// <summary>
    /// Prefix of call ids this client invents when Gemini sends a function call without an id; such ids
    /// are not sent back, because Gemini never issued them.
    /// </summary>
    public const string GeneratedCallIdPrefix = "gemini-call-";
}
