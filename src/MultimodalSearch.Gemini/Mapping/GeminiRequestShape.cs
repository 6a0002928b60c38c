namespace MultimodalSearch.Gemini.Mapping;

/// <summary>
/// What the target backend and API version accept, so that one mapper writes bodies valid for each of them.
/// </summary>
/// <param name="IsVertexAi">Whether the request goes to Vertex AI rather than the Gemini API.</param>
/// <param name="HasFunctionCallIds">Whether <c>functionCall.id</c> / <c>functionResponse.id</c> exist (not on Vertex AI <c>v1</c>).</param>
/// <param name="HasThinkingLevel">Whether <c>thinkingConfig.thinkingLevel</c> exists (in Google's protos: Vertex AI <c>v1</c> only).</param>
/// <param name="Model">The model the request is for (thinking settings differ between model generations).</param>
/// <param name="MaxInlineDataBytes">The most inline (base64) data one request may carry, decoded.</param>
internal sealed record GeminiRequestShape(bool IsVertexAi, bool HasFunctionCallIds, bool HasThinkingLevel, string Model, long MaxInlineDataBytes)
{
    /// <summary>
    /// Gets a value indicating whether <c>FunctionDeclaration.description</c> must be present: the Gemini API's
    /// proto marks it REQUIRED, Vertex AI's OPTIONAL.
    /// </summary>
    public bool RequiresFunctionDescription => !IsVertexAi;
}
