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

    /// <summary>Prefix of the call ids that pair an <c>executableCode</c> part with its <c>codeExecutionResult</c>.</summary>
    public const string GeneratedCodeIdPrefix = "gemini-code-";

    /// <summary>The <c>AdditionalProperties</c> key of <c>executableCode.language</c> (for example <c>PYTHON</c>).</summary>
    public const string CodeLanguage = "language";

    /// <summary>The <c>AdditionalProperties</c> key of <c>codeExecutionResult.outcome</c> (for example <c>OUTCOME_OK</c>).</summary>
    public const string CodeOutcome = "outcome";

    /// <summary>The media type of code in <paramref name="language"/>; Gemini's code execution runs Python.</summary>
    public static string CodeMediaType(string? language) =>
        string.Equals(language, "PYTHON", StringComparison.OrdinalIgnoreCase) || language is null ? "text/x-python" : "text/plain";
}
