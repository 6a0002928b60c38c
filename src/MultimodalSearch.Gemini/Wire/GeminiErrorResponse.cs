namespace MultimodalSearch.Gemini.Wire;

/// <summary>Google's error envelope: <c>{"error":{...}}</c>.</summary>
internal sealed class GeminiErrorResponse
{
    public GeminiError? Error { get; init; }
}
